package io.dropline.experiences.access.distribution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The distribution timers' runner (one on every instance).
 *
 * @param enabled      whether this instance runs due jobs (scheduling works either way)
 * @param pollInterval how often the runner looks for due jobs: the most a job runs late, on top of its handler
 * @param lease        how long a claim is exclusive; a job whose instance died is claimed again after it
 * @param batchSize    most jobs one poll claims (the rest wait for the next poll or another instance)
 * @param retryDelay   after a handler fails, when the job may be claimed again
 */
@ConfigurationProperties("dropline.distribution.timers")
public record TimerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("32") int batchSize,
        @DefaultValue("5s") Duration retryDelay) {
}

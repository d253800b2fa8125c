package io.dropline.experiences.access.draw;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of draws.
 *
 * @param batchSize      most entries committed in one PostgreSQL transaction (group commit, as the queue's joins)
 * @param batchWindow    longest an entry waits for others to share its transaction
 * @param streamInterval how often a status stream re-reads its consumer's entry (one primary-key read)
 * @param heartbeat      interval of keep-alive comments on Server-Sent Events streams
 */
@ConfigurationProperties("dropline.draw")
public record DrawProperties(
        @DefaultValue("256") int batchSize,
        @DefaultValue("2ms") Duration batchWindow,
        @DefaultValue("1s") Duration streamInterval,
        @DefaultValue("15s") Duration heartbeat) {
}

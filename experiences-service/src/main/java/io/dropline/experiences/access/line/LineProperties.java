package io.dropline.experiences.access.line;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the queue engine.
 *
 * @param tickInterval      how often each instance ticks each active queue (admissions, expiries, repairs)
 * @param batchSize         most joins committed in one PostgreSQL transaction
 * @param batchWindow       longest a join waits for others to share its transaction
 * @param maxAdmitPerTick   most consumers one tick moves out of a line (bounds one grant transaction)
 * @param grantingTimeout   after this long in "granting", another instance finishes the entry (its owner died)
 * @param settingsTtl       how long queue settings are cached; an admin's change is announced (QueueSettingsChanges) and
 *                          applies at once, so this only bounds staleness when an announcement is lost
 * @param heartbeat         interval of keep-alive comments on Server-Sent Events streams
 * @param positionInterval  how often an open status stream may be sent a new position (a line that moves re-reads each
 *                          stream once per interval); a consumer's own state changes (GRANTED, final) go at once
 * @param rebuildLockTtl    how long one instance may hold a queue's rebuild lock
 */
@ConfigurationProperties("dropline.line")
public record LineProperties(
        @DefaultValue("200ms") Duration tickInterval,
        @DefaultValue("256") int batchSize,
        @DefaultValue("2ms") Duration batchWindow,
        @DefaultValue("500") int maxAdmitPerTick,
        @DefaultValue("5s") Duration grantingTimeout,
        @DefaultValue("1s") Duration settingsTtl,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30s") Duration rebuildLockTtl,
        @DefaultValue("5s") Duration positionInterval) {
}

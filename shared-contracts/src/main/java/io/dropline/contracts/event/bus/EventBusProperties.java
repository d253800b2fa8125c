package io.dropline.contracts.event.bus;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event bus settings ({@code dropline.events.*}).
 *
 * @param stream          the Redis Stream every service publishes to; null → {@code <dropline.redis.namespace>:events}
 * @param streamMaxLength approximate cap on the stream (XADD MAXLEN ~): consumers read within seconds, so this is
 *                        only a bound on memory, far above any backlog a healthy consumer group builds up
 * @param relay           publishing this service's outbox
 * @param consumer        reading the stream for this service's {@link EventSubscription}s
 */
@ConfigurationProperties("dropline.events")
public record EventBusProperties(
        String stream,
        @DefaultValue("1000000") long streamMaxLength,
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer) {

    /**
     * @param enabled       only services that own an {@code outbox} table turn it on
     * @param pollInterval  how often an idle relay looks for new rows; a busy one drains batch after batch
     * @param batchSize     rows claimed per transaction
     * @param retention     how long published rows are kept (for inspection) before they are deleted
     * @param statsInterval how often the outbox's backlog is measured for the {@code dropline.outbox.*} gauges
     */
    public record Relay(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("200ms") Duration pollInterval,
            @DefaultValue("200") int batchSize,
            @DefaultValue("1d") Duration retention,
            @DefaultValue("15s") Duration statsInterval) {
    }

    /**
     * @param enabled       on by default; it only runs when the service declares an {@link EventSubscription}
     * @param group         the consumer group; null → {@code dropline.service.name}. Each service is one group, so
     *                      every service sees every event and its replicas share the work.
     * @param pollInterval  how long an idle consumer waits before asking again
     * @param batchSize     entries read per XREADGROUP
     * @param claimIdle     an entry delivered to a consumer that has not acknowledged it for this long (it died, or its
     *                      handler failed) is claimed and delivered again
     * @param maxDeliveries after this many deliveries an entry is given up: logged, counted and acknowledged
     */
    public record Consumer(
            @DefaultValue("true") boolean enabled,
            String group,
            @DefaultValue("100ms") Duration pollInterval,
            @DefaultValue("100") int batchSize,
            @DefaultValue("15s") Duration claimIdle,
            @DefaultValue("10") int maxDeliveries) {
    }
}

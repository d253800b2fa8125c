package io.dropline.gateway.organization;

import io.dropline.contracts.id.Ids;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Announces that the platform operator committed a change to an organization (suspended or reactivated, keys
 * rotated, rate limits changed), to this replica at once and to every other gateway replica over the Redis channel
 * {@code <ns>:gateway:organization-changes}, so that each drops its cached copies of the organization's keys (which
 * carry its status and rate limits) and reads them again from PostgreSQL. The announcement only speeds a change up:
 * PostgreSQL holds the fact, and a lost announcement (Redis down, a replica reconnecting) leaves a replica on its
 * cached copy for at most {@code dropline.gateway.key-cache-ttl} (docs/adr/0003, docs/adr/0021). The model is
 * experiences-service's {@code QueueSettingsChanges}.
 *
 * <p>It has a Redis client of its own, connected asynchronously and retried in the background, so the gateway starts
 * and serves without Redis, and no event loop ever waits for a connection.
 */
@Component
public class OrganizationChanges implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrganizationChanges.class);
    /**
     * Connect and command bound of its own connections. No request waits on them (a publish is cut at
     * {@link #PUBLISH_TIMEOUT}), so it is looser than the limiter's 500 ms: a gateway's first connect loads Lettuce's
     * classes, which on a loaded machine took longer than that.
     */
    private static final Duration REDIS_BOUND = Duration.ofSeconds(2);
    /** An announcement never holds the operator's answer longer than this; the TTL covers a slow one. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(1);

    private final Sinks.Many<UUID> changes = Sinks.many().multicast().directBestEffort();
    private final RedisClient client;
    private final RedisURI uri;
    private final String channel;
    private final AtomicBoolean listeningFailed = new AtomicBoolean();
    private final Disposable listening;
    private volatile CompletableFuture<StatefulRedisConnection<String, String>> publisher;

    OrganizationChanges(RedisNamespaceProperties namespace, @Value("${spring.data.redis.host:127.0.0.1}") String host,
            @Value("${spring.data.redis.port:6379}") int port) {
        this.channel = namespace.namespace() + ":gateway:organization-changes";
        this.uri = RedisURI.builder().withHost(host).withPort(port).withTimeout(REDIS_BOUND).build();
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(REDIS_BOUND).build())
                .timeoutOptions(TimeoutOptions.enabled(REDIS_BOUND))
                .build());
        this.listening = listen().subscribe(this::emit);
    }

    /**
     * The organization changed. Its cached keys are dropped here before this completes, then the change is
     * announced to the other replicas; a failed announcement is logged, not the operator's error: the change is
     * committed, and the cache TTL bounds how long another replica may still use the old state.
     */
    public Mono<Void> changed(UUID organizationId) {
        return Mono.fromRunnable(() -> emit(organizationId))
                .then(publisher().flatMap(connection -> connection.reactive().publish(channel, organizationId.toString())))
                .timeout(PUBLISH_TIMEOUT)
                .then()
                .onErrorResume(failure -> {
                    log.warn("Announcing the change of organization {} to the other gateway replicas failed ({}); they "
                            + "apply it within the key cache TTL", Ids.format("org", organizationId), failure.toString());
                    return Mono.empty();
                });
    }

    /** Every organization that changed, here or on another replica. */
    public Flux<UUID> asFlux() {
        return changes.asFlux();
    }

    /** The publishing connection, connected on first use and again after a failed attempt (Lettuce reconnects a live one). */
    private Mono<StatefulRedisConnection<String, String>> publisher() {
        return Mono.defer(() -> {
            CompletableFuture<StatefulRedisConnection<String, String>> current = publisher;
            if (current == null || current.isCompletedExceptionally()) {
                synchronized (this) {
                    current = publisher;
                    if (current == null || current.isCompletedExceptionally()) {
                        current = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
                        publisher = current;
                    }
                }
            }
            // suppressCancel: a timed-out announcement must not cancel the connection the next one will use.
            return Mono.fromFuture(current, true);
        });
    }

    /**
     * Announcements from every replica (this one's own included, which is harmless), for as long as the gateway
     * runs: a failed connection is retried with backoff, and Lettuce resubscribes after a reconnect by itself.
     */
    private Flux<UUID> listen() {
        return Mono.fromFuture(() -> client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture())
                .flatMapMany(this::subscribed)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(signal -> listeningFailed(signal.failure())));
    }

    private Flux<UUID> subscribed(StatefulRedisPubSubConnection<String, String> connection) {
        return connection.reactive().subscribe(channel)
                .doOnSuccess(subscribed -> listening())
                .thenMany(connection.reactive().observeChannels())
                .filter(message -> channel.equals(message.getChannel()))
                .flatMap(message -> Mono.justOrEmpty(parse(message.getMessage())))
                .doFinally(signal -> connection.closeAsync());
    }

    private void listeningFailed(Throwable failure) {
        if (listeningFailed.compareAndSet(false, true)) {
            log.warn("Cannot listen for organization changes on Redis ({}); retrying in the background. Until then "
                    + "another replica's change applies here within the key cache TTL", failure.toString());
        }
    }

    private void listening() {
        if (listeningFailed.compareAndSet(true, false)) {
            log.info("Listening for organization changes on Redis again");
        }
    }

    private static Optional<UUID> parse(String message) {
        try {
            return Optional.of(UUID.fromString(message));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private void emit(UUID organizationId) {
        changes.emitNext(organizationId, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(10)));
    }

    @Override
    public void destroy() {
        listening.dispose();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}

package io.dropline.experiences.commerce;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.web.OutageLog;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The products of an experience for its consumer view, kept briefly in memory: a drop's page is read by every shopper
 * at once, and without the cache each read would be a call to commerce-service and a PostgreSQL read there. Entries
 * live {@code cache-ttl} (5 s), so a price, a new link or a sold-out variant shows within seconds; the authoritative
 * inventory check is the checkout's reservation, never this view.
 *
 * <p>A failed read is not cached (Caffeine drops a future that completed exceptionally), so the next view asks again;
 * while commerce-service is down the breaker makes that instant. Whatever happens the view gets an answer within the
 * client's deadline: the products, or {@link Answer#UNAVAILABLE}.
 */
@Component
public class ExperienceProducts {

    private static final Logger log = LoggerFactory.getLogger(ExperienceProducts.class);
    /** commerce-service down fails every read alike: one line per cause, not per request. */
    private final OutageLog outages = new OutageLog(log);

    /** What the view shows: the products, or none and a flag that they could not be read. */
    public record Answer(List<ExperienceProduct> products, boolean unavailable) {

        static final Answer UNAVAILABLE = new Answer(null, true);
    }

    private record Key(UUID organizationId, String environment, String experienceId) {
    }

    private final CommerceClient client;
    private final AsyncCache<Key, List<ExperienceProduct>> cache;

    ExperienceProducts(CommerceClient client, CommerceProperties properties) {
        this.client = client;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.cacheTtl()).buildAsync();
    }

    /** The experience's ({@code exp_…}, already known to be the caller's) products; never fails. */
    public Mono<Answer> of(InternalContext context, String experienceId) {
        Key key = new Key(context.organizationId(), context.environment().wire(), experienceId);
        // suppressCancel: one read is shared by every view waiting for this experience; one shopper hanging up must not cancel it.
        return Mono.fromFuture(() -> cache.get(key, (k, executor) -> client.products(context, experienceId).toFuture()), true)
                .map(products -> new Answer(products, false))
                .onErrorResume(failure -> {
                    if (failure instanceof CallNotPermittedException) {
                        log.debug("Products of {} skipped for request {}: breaker {} is open", experienceId, context.requestId(),
                                CommerceClient.BREAKER);
                    } else {
                        outages.warn(context, "Products of an experience unavailable, answering without them", failure);
                    }
                    return Mono.just(Answer.UNAVAILABLE);
                });
    }
}

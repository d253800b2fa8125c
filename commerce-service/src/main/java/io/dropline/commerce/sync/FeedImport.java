package io.dropline.commerce.sync;

import io.dropline.commerce.catalog.ProductService;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One feed import, by whichever replica holds the sync source's lease: fetch (FeedFetcher), read
 * {@code {"products": [...]}} (or a bare array), upsert each valid entry as a product keyed by (vendor, entry id), and
 * report every malformed entry by index while the rest are imported. The outcome — SUCCESS with counts and item
 * errors, or FAILED with why — is recorded on the sync source with the next scheduled fetch.
 */
@Component
class FeedImport {

    static final int MAX_REPORTED_ERRORS = 100;
    private static final String HOLDER = "commerce-" + UUID.randomUUID();

    private final SyncSourceRepository repository;
    private final FeedFetcher fetcher;
    private final ProductService products;
    private final RequestBodies bodies;
    private final FeedProperties feeds;
    private final io.dropline.commerce.config.CommerceProperties properties;
    private final Clock clock;

    FeedImport(SyncSourceRepository repository, FeedFetcher fetcher, ProductService products, RequestBodies bodies, FeedProperties feeds,
            io.dropline.commerce.config.CommerceProperties properties, Clock clock) {
        this.repository = repository;
        this.fetcher = fetcher;
        this.products = products;
        this.bodies = bodies;
        this.feeds = feeds;
        this.properties = properties;
        this.clock = clock;
    }

    /** Imports under the lease; empty when another replica is fetching this feed right now. */
    Mono<SyncSourceEntity> runLeased(SyncSourceEntity source) {
        Instant now = now();
        return repository.lease(source.id(), HOLDER, now, now.plus(properties.syncLease()))
                .filter(Boolean::booleanValue)
                .flatMap(held -> run(source).flatMap(done -> repository.unlease(source.id(), HOLDER).thenReturn(done))
                        .onErrorResume(failure -> repository.unlease(source.id(), HOLDER).then(Mono.error(failure))));
    }

    private Mono<SyncSourceEntity> run(SyncSourceEntity source) {
        InternalContext context = new InternalContext(source.organizationId(), Environment.valueOf(source.environment().toUpperCase()),
                ApiSurface.INTERNAL, Principal.service("commerce-service"), null, now().plusSeconds(3600));
        return fetcher.fetch(source.feedUrl())
                .flatMap(body -> importAll(context, source, body))
                .onErrorResume(FeedFetcher.FeedFailure.class, failed -> Mono.just(failure(failed.getMessage())))
                .flatMap(report -> repository.recordSync(source.id(), "error".equals(report.get("outcome")) ? "FAILED" : "SUCCESS",
                        JsonMapper.shared().writeValueAsString(report), now()));
    }

    private Mono<Map<String, Object>> importAll(InternalContext context, SyncSourceEntity source, String body) {
        List<JsonNode> items;
        try {
            JsonNode root = JsonMapper.shared().readTree(body);
            JsonNode array = root != null && root.isObject() && root.has("products") ? root.get("products") : root;
            if (array == null || !array.isArray()) {
                return Mono.just(failure("the feed is not {\"products\": [...]} or an array"));
            }
            if (array.size() > feeds.maxItems()) {
                return Mono.just(failure("the feed lists more than " + feeds.maxItems() + " products"));
            }
            items = new ArrayList<>();
            array.forEach(items::add);
        } catch (JacksonException malformed) {
            return Mono.just(failure("the feed is not valid JSON"));
        }
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        List<FieldError> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        return Flux.range(0, items.size())
                .concatMap(index -> {
                    List<FieldError> problems = new ArrayList<>();
                    FeedItem item = bodies.read(items.get(index), FeedItem.class, "products[" + index + "]", FeedItem::crossChecks, problems);
                    if (!problems.isEmpty() || item == null) {
                        failed.incrementAndGet();
                        problems.stream().limit(Math.max(0, MAX_REPORTED_ERRORS - errors.size())).forEach(errors::add);
                        return Mono.empty();
                    }
                    return products.upsertFromFeed(context, item.toWrite(source.syncSource()))
                            .doOnNext(isNew -> (isNew ? created : updated).incrementAndGet())
                            .onErrorResume(ApiException.class, refused -> {
                                failed.incrementAndGet();
                                errors.add(new FieldError("products[" + index + "]", refused.getMessage()));
                                return Mono.empty();
                            });
                })
                .then(Mono.fromSupplier(() -> {
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("outcome", failed.get() == 0 ? "imported" : "imported with errors");
                    report.put("at", now().toString());
                    report.put("created", created.get());
                    report.put("updated", updated.get());
                    report.put("failed", failed.get());
                    report.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
                    return report;
                }));
    }

    private Map<String, Object> failure(String message) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("outcome", "error");
        report.put("at", now().toString());
        report.put("error", message);
        return report;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

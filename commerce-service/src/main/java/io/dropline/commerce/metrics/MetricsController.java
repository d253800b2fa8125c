package io.dropline.commerce.metrics;

import io.dropline.commerce.catalog.Inventory;
import io.dropline.commerce.order.OrderService;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Live measures for analytics-service (notes' metrics contract): {@code inventory.remaining} (available = stock −
 * committed − reserved over tracked variants) and {@code orders.pending}, for the calling tenant, or for one product
 * ({@code resource=prod_…}) or variant ({@code var_…}). Indexed reads of current state, never a scan of history.
 * Internal surface only; a resource that is not the tenant's answers 404.
 */
@RestController
class MetricsController {

    private final Inventory inventory;
    private final OrderService orders;
    private final Clock clock;

    MetricsController(Inventory inventory, OrderService orders, Clock clock) {
        this.inventory = inventory;
        this.orders = orders;
        this.clock = clock;
    }

    record Metrics(String source, Instant at, Map<String, Object> values) {
    }

    @GetMapping(path = "/internal/metrics", produces = "application/json")
    Mono<Metrics> metrics(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    if (context.surface() != ApiSurface.INTERNAL) {
                        throw ApiException.notFound("Resource");
                    }
                    String resource = QueryParams.only(params, Set.of("resource")).get("resource");
                    if (resource == null) {
                        return new UUID[] {null, null};
                    }
                    UUID product = Ids.parse("prod", resource).orElse(null);
                    UUID variant = Ids.parse("var", resource).orElse(null);
                    if (product == null && variant == null) {
                        throw ApiException.notFound("Resource");
                    }
                    return new UUID[] {product, variant};
                })
                .flatMap(ids -> (ids[0] == null && ids[1] == null ? Mono.just(true) : inventory.exists(context, ids[0], ids[1]))
                        .flatMap(exists -> exists ? Mono.zip(inventory.remaining(context, ids[0], ids[1]), orders.pendingCount(context, ids[0], ids[1]))
                                : Mono.error(ApiException.notFound("Resource"))))
                .map(values -> {
                    Map<String, Object> measures = new LinkedHashMap<>();
                    measures.put("inventory.remaining", values.getT1());
                    measures.put("orders.pending", values.getT2());
                    return new Metrics("commerce-service", clock.instant(), measures);
                });
    }
}

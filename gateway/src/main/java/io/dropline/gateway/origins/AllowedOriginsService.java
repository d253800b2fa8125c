package io.dropline.gateway.origins;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.RequestIds;
import io.dropline.gateway.caller.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The settings API's allowed-origins endpoints: validation, the locked replace and its audit event, one transaction. */
@Service
class AllowedOriginsService {

    static final String ENTITY_TYPE = "allowed_origins";

    private final AllowedOrigins store;
    private final RequestBodies bodies;
    private final TransactionalOperator transactions;
    private final Outbox outbox;

    AllowedOriginsService(AllowedOrigins store, RequestBodies bodies, TransactionalOperator transactions, Outbox outbox) {
        this.store = store;
        this.bodies = bodies;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    Mono<AllowedOriginsResponse> get(Caller caller) {
        return store.read(caller.organizationId(), caller.environment()).map(stored -> response(caller, stored));
    }

    Mono<AllowedOriginsResponse> replace(Caller caller, ServerWebExchange exchange, JsonNode body) {
        return Mono.fromCallable(() -> normalized(bodies.read(body, AllowedOriginsRequest.class)))
                .flatMap(origins -> store.lock(caller.organizationId(), caller.environment())
                        .flatMap(before -> store.save(caller.organizationId(), caller.environment(), origins)
                                .flatMap(after -> audit(caller, exchange, before, after).thenReturn(after))))
                .as(transactions::transactional)
                .doOnSuccess(saved -> store.forget(caller.organizationId(), caller.environment()))
                .map(saved -> response(caller, saved));
    }

    private static List<String> normalized(AllowedOriginsRequest request) {
        if (request.origins() == null) {
            throw ApiException.validation("origins", "Required: a list of origins");
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> origins = Origins.normalizeAll(request.origins(), "origins", errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return origins;
    }

    /** {@code settings.allowed_origins.update}, entity id the organization's public id, before/after the lists. */
    private Mono<Void> audit(Caller caller, ServerWebExchange exchange, AllowedOrigins.Stored before, AllowedOrigins.Stored after) {
        InternalContext context = new InternalContext(caller.organizationId(), caller.environment(), caller.surface(),
                caller.principal(), RequestIds.of(exchange), Instant.now().plus(InternalContextCodec.DEFAULT_TTL));
        return Mono.defer(() -> outbox.append(AdminActivity.event(context, "settings.allowed_origins.update", ENTITY_TYPE,
                Ids.format("org", caller.organizationId()), view(caller, before), view(caller, after), Instant.now())));
    }

    private static Map<String, Object> view(Caller caller, AllowedOrigins.Stored stored) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("environment", caller.environment().wire());
        view.put("origins", stored.origins());
        return view;
    }

    private static AllowedOriginsResponse response(Caller caller, AllowedOrigins.Stored stored) {
        return new AllowedOriginsResponse(caller.environment().wire(), stored.origins(), stored.updatedAt());
    }
}

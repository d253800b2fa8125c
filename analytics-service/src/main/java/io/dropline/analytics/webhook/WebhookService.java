package io.dropline.analytics.webhook;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.outbound.OutboundUrlGuard;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.web.QueryParams;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook endpoints (reference §10.1): register (https only, the SSRF guard; the secret shown once), list, get,
 * PATCH, delete, rotate the secret (the old one keeps signing for {@code secret-overlap}), a test delivery, a replay
 * of stored events, and the delivery log. Admin API only; scoped by the context's organization and environment.
 */
@Service
class WebhookService {

    static final Duration MAX_REPLAY = Duration.ofDays(31);
    static final int MAX_REPLAY_EVENTS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository endpoints;
    private final DeliveryRepository deliveries;
    private final DatabaseClient db;
    private final RequestBodies bodies;
    private final CursorCodec cursors;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookService(WebhookRepository endpoints, DeliveryRepository deliveries, DatabaseClient db, RequestBodies bodies,
            CursorCodec cursors, WebhookProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.db = db;
        this.bodies = bodies;
        this.cursors = cursors;
        this.properties = properties;
        this.clock = clock;
    }

    Mono<WebhookResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    CreateWebhookRequest request = bodies.read(body, CreateWebhookRequest.class, read -> checks(read.url().value(),
                            read.events().hasValue() ? read.events().value() : null, read.events().present()));
                    return request;
                })
                .flatMap(request -> newSecret().flatMap(secret -> endpoints.insert(context, Ids.newUuid(), request.url().value().strip(),
                                WebhookRules.events(request.events().value(), "events", new ArrayList<>()),
                                request.enabled().or(true), secret, clock.instant())
                        .map(endpoint -> WebhookResponse.withSecret(endpoint, secret))))
                .name("analytics.webhook.create");
    }

    Mono<ListResponse<WebhookResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return WebhookRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("webhooks", context));
                })
                .flatMap(keyset -> keyset.page(endpoints.page(context, keyset), WebhookResponse::from));
    }

    /** The event types an endpoint can subscribe to ({@code GET /webhooks/events}): the shared catalogue, as is. */
    Mono<EventCatalogueResponse> eventTypes(InternalContext context) {
        return Mono.fromSupplier(() -> {
            requireAdmin(context);
            return EventCatalogueResponse.CURRENT;
        });
    }

    Mono<WebhookResponse> get(InternalContext context, String id) {
        return endpoint(context, id).map(WebhookResponse::from);
    }

    Mono<WebhookResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    UUID uuid = parseOrNotFound(id);
                    UpdateWebhookRequest request = bodies.read(body, UpdateWebhookRequest.class, read -> checks(
                            read.url().hasValue() ? read.url().value() : null, read.events().hasValue() ? read.events().value() : null,
                            read.events().present()));
                    if (!request.url().present() && !request.events().present() && !request.enabled().present()) {
                        throw ApiException.validation("body", "Must change at least one of url, events, enabled");
                    }
                    return Map.entry(uuid, request);
                })
                .flatMap(entry -> {
                    UpdateWebhookRequest request = entry.getValue();
                    return endpoints.update(context, entry.getKey(),
                            request.url().hasValue() ? request.url().value().strip() : null,
                            request.events().hasValue() ? WebhookRules.events(request.events().value(), "events", new ArrayList<>()) : null,
                            request.enabled().hasValue() ? request.enabled().value() : null, clock.instant());
                })
                .switchIfEmpty(Mono.error(WebhookService::notFound))
                .map(WebhookResponse::from);
    }

    Mono<WebhookResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return parseOrNotFound(id);
                })
                .flatMap(uuid -> endpoints.delete(context, uuid))
                .switchIfEmpty(Mono.error(WebhookService::notFound))
                .map(WebhookResponse::from);
    }

    /** A new secret, shown once; the previous one also signs until the overlap ends. */
    Mono<WebhookResponse> rotate(InternalContext context, String id) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return parseOrNotFound(id);
                })
                .flatMap(uuid -> newSecret().flatMap(secret -> {
                    Instant now = clock.instant();
                    return endpoints.rotate(context, uuid, secret, now.plus(properties.secretOverlap()), now)
                            .map(endpoint -> WebhookResponse.withSecret(endpoint, secret));
                }))
                .switchIfEmpty(Mono.error(WebhookService::notFound));
    }

    /** A synthetic event to one endpoint, delivered (and signed, and retried) as any other. */
    Mono<Map<String, Object>> test(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return bodies.read(body, TestWebhookRequest.class);
                })
                .flatMap(request -> endpoint(context, request.endpointId().value()).flatMap(endpoint -> {
                    if (!endpoint.enabled()) {
                        return Mono.error(ApiException.conflict("Webhook endpoint is disabled", "WEBHOOK_DISABLED"));
                    }
                    UUID eventId = Ids.newUuid();
                    String type = request.eventType().or("webhook.test");
                    Instant now = clock.instant();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("test", true);
                    data.put("endpointId", Ids.format("whe", endpoint.id()));
                    String payload = WebhookPayloads.body(eventId, type, now, endpoint.organizationId(), data);
                    return deliveries.arm(endpoint.id(), endpoint.organizationId(), endpoint.environment(), eventId, type, now, payload, now)
                            .thenReturn(Map.<String, Object>of("endpointId", Ids.format("whe", endpoint.id()),
                                    "eventId", Ids.format("evt", eventId), "eventType", type, "queued", true));
                }));
    }

    /**
     * The stored events of the window and types, delivered again to this endpoint (at most {@value #MAX_REPLAY_EVENTS},
     * oldest first). An event whose delivery to it is still pending is not doubled; the answer counts both.
     */
    Mono<Map<String, Object>> replay(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    UUID uuid = parseOrNotFound(id);
                    ReplayWebhookRequest request = bodies.read(body, ReplayWebhookRequest.class, read -> replayChecks(read));
                    return Map.entry(uuid, request);
                })
                .flatMap(entry -> endpoints.find(context, entry.getKey())
                        .switchIfEmpty(Mono.error(WebhookService::notFound))
                        .flatMap(endpoint -> replayWindow(endpoint, entry.getValue())));
    }

    private Mono<Map<String, Object>> replayWindow(WebhookEndpoint endpoint, ReplayWebhookRequest request) {
        Instant start = OffsetDateTime.parse(request.startTime().value()).toInstant();
        Instant end = OffsetDateTime.parse(request.endTime().value()).toInstant();
        List<String> types = request.eventTypes().hasValue()
                ? WebhookRules.events(request.eventTypes().value(), "eventTypes", new ArrayList<>()) : endpoint.events();
        Instant now = clock.instant();
        return db.sql("SELECT id, type, occurred_at, data::text AS data FROM stored_events WHERE organization_id = :org "
                        + "AND environment = :env AND occurred_at >= :start AND occurred_at < :end "
                        + "AND (type = ANY(:types) OR '*' = ANY(:types)) ORDER BY occurred_at, id LIMIT :limit")
                .bind("org", endpoint.organizationId())
                .bind("env", endpoint.environment())
                .bind("start", start)
                .bind("end", end)
                .bind("types", types.toArray(String[]::new))
                .bind("limit", MAX_REPLAY_EVENTS)
                .map(row -> new Object[] {row.get("id", UUID.class), row.get("type", String.class), row.get("occurred_at", Instant.class),
                        row.get("data", String.class)})
                .all()
                // Read to the end first (at most MAX_REPLAY_EVENTS rows), so the SELECT's connection goes back to the pool
                // before the per-event writes, rather than a result stream staying open on it for thousands of round
                // trips on other connections (and being cancelled half-read if the caller hangs up).
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(row -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = JsonMapper.shared().readValue((String) row[3], Map.class);
                    String payload = WebhookPayloads.body((UUID) row[0], (String) row[1], (Instant) row[2], endpoint.organizationId(), data);
                    return deliveries.arm(endpoint.id(), endpoint.organizationId(), endpoint.environment(), (UUID) row[0],
                            (String) row[1], (Instant) row[2], payload, now);
                })
                .reduce(new long[2], (counts, armed) -> {
                    counts[armed ? 0 : 1]++;
                    return counts;
                })
                .map(counts -> Map.<String, Object>of("endpointId", Ids.format("whe", endpoint.id()), "queued", counts[0],
                        "alreadyPending", counts[1]));
    }

    /** The endpoint's deliveries, newest first, each with its attempts. */
    Mono<Map<String, Object>> deliveries(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    String limit = QueryParams.only(params, Set.of("limit")).get("limit");
                    if (limit != null && !limit.matches("^(100|[1-9]\\d?)$")) {
                        throw ApiException.validation("limit", "Must be an integer between 1 and 100");
                    }
                    return Map.entry(parseOrNotFound(id), limit == null ? 50 : Integer.parseInt(limit));
                })
                .flatMap(entry -> endpoints.find(context, entry.getKey())
                        .switchIfEmpty(Mono.error(WebhookService::notFound))
                        .flatMap(endpoint -> deliveries.log(endpoint.id(), entry.getValue()).collectList()))
                .map(items -> Map.of("data", items));
    }

    private Mono<WebhookEndpoint> endpoint(InternalContext context, String id) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return parseOrNotFound(id);
                })
                .flatMap(uuid -> endpoints.find(context, uuid))
                .switchIfEmpty(Mono.error(WebhookService::notFound));
    }

    private List<FieldError> checks(String url, JsonNode events, boolean eventsPresent) {
        List<FieldError> errors = new ArrayList<>();
        if (url != null) {
            String problem = OutboundUrlGuard.problem(url.strip(), properties.allowPrivateHosts());
            if (problem != null) {
                errors.add(new FieldError("url", "The URL " + problem));
            }
        }
        if (eventsPresent && events != null) {
            WebhookRules.events(events, "events", errors);
        }
        return errors;
    }

    private static List<FieldError> replayChecks(ReplayWebhookRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.eventTypes().hasValue()) {
            WebhookRules.events(request.eventTypes().value(), "eventTypes", errors);
        }
        if (request.startTime().hasValue() && request.endTime().hasValue()
                && new WebhookRules.Instant().problem(request.startTime().value()) == null
                && new WebhookRules.Instant().problem(request.endTime().value()) == null) {
            Instant start = OffsetDateTime.parse(request.startTime().value()).toInstant();
            Instant end = OffsetDateTime.parse(request.endTime().value()).toInstant();
            if (!end.isAfter(start)) {
                errors.add(new FieldError("endTime", "Must be after startTime"));
            } else if (Duration.between(start, end).compareTo(MAX_REPLAY) > 0) {
                errors.add(new FieldError("endTime", "A replay covers at most 31 days"));
            }
        }
        return errors;
    }

    /** {@code whsec_} + 32 random bytes in hex; SecureRandom may block on entropy, so it runs off the event loops. */
    private static Mono<String> newSecret() {
        return Mono.fromCallable(() -> {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return "whsec_" + HexFormat.of().formatHex(bytes);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static void requireAdmin(InternalContext context) {
        if (context.surface() != ApiSurface.ADMIN) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Not found", null);
        }
    }

    private static UUID parseOrNotFound(String id) {
        return Ids.parse("whe", id).orElseThrow(WebhookService::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Webhook endpoint");
    }
}

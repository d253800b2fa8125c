package io.dropline.commerce.order;

import io.dropline.commerce.catalog.Inventory;
import io.dropline.commerce.common.AdminOnly;
import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.web.QueryParams;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The Orders Admin API and the order lifecycle: CREATED → COMPLETED | CANCELLED (reason); COMPLETED → REFUNDED. Every
 * step is a conditional update in the transaction that appends its event to the outbox, so a step and its event
 * happen exactly once, whichever replica or retry gets there. Completing an order commits its reservations;
 * cancelling it releases them.
 */
@Service
public class OrderService {

    static final int MAX_BATCH = 100;

    private final OrderRepository repository;
    private final Inventory inventory;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final CursorCodec cursors;
    private final Clock clock;
    private final ObjectProvider<AdmissionCompleter> admissions;

    OrderService(OrderRepository repository, Inventory inventory, Outbox outbox, TransactionalOperator transaction, RequestBodies bodies,
            CursorCodec cursors, Clock clock, ObjectProvider<AdmissionCompleter> admissions, tools.jackson.databind.json.JsonMapper mapper,
            jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, OrderRequests.Create.class, OrderRequests.Item.class,
                OrderRequests.Update.class, OrderRequests.Cancel.class);
        this.repository = repository;
        this.inventory = inventory;
        this.outbox = outbox;
        this.transaction = transaction;
        this.bodies = bodies;
        this.cursors = cursors;
        this.clock = clock;
        this.admissions = admissions;
    }

    static InternalContext admin(InternalContext context) {
        return AdminOnly.require(context, OrderIds::notFound);
    }

    /** A written order and whether this request made it (false: the external id already named it). */
    public record Written(OrderResponse order, boolean created) {
    }

    // ---- create, batch ----

    Mono<Written> create(InternalContext context, JsonNode body) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    return bodies.read(body, OrderRequests.Create.class, OrderRequests.Create::crossChecks);
                })
                .flatMap(request -> checkReferences(context, request, "").then(write(context, request)));
    }

    /** Items must name the tenant's products and variants (another tenant's id is "Not found", as unknown). */
    private Mono<Void> checkReferences(InternalContext context, OrderRequests.Create request, String prefix) {
        List<OrderRequests.Item> items = request.items().value();
        Set<UUID> variants = new HashSet<>();
        Set<UUID> products = new HashSet<>();
        for (OrderRequests.Item item : items) {
            parse("var", item.variantId()).ifPresent(variants::add);
            parse("prod", item.productId()).ifPresent(products::add);
        }
        Mono<Set<UUID>> foundVariants = variants.isEmpty() ? Mono.just(Set.of()) : repository.existingVariants(context, variants).collect(Collectors.toSet());
        Mono<Set<UUID>> foundProducts = products.isEmpty() ? Mono.just(Set.of()) : repository.existingProducts(context, products).collect(Collectors.toSet());
        return Mono.zip(foundVariants, foundProducts).flatMap(found -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                final int index = i;
                parse("prod", items.get(i).productId()).filter(id -> !found.getT2().contains(id))
                        .ifPresent(id -> errors.add(new FieldError(prefix + "items[" + index + "].productId", "Product not found")));
                parse("var", items.get(i).variantId()).filter(id -> !found.getT1().contains(id))
                        .ifPresent(id -> errors.add(new FieldError(prefix + "items[" + index + "].variantId", "Variant not found")));
            }
            return errors.isEmpty() ? Mono.<Void>empty() : Mono.error(ApiException.validation(errors));
        });
    }

    private static java.util.Optional<UUID> parse(String prefix, Tristate<String> id) {
        return id == null || id.value() == null ? java.util.Optional.empty() : Ids.parse(prefix, id.value());
    }

    /** Inserts the order with its items and events in one transaction; an existing external id answers that order. */
    private Mono<Written> write(InternalContext context, OrderRequests.Create request) {
        Instant now = now();
        UUID id = Ids.newUuid();
        String externalId = FieldRules.stripped(request.externalId()).value();
        List<OrderItem> items = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        List<OrderRequests.Item> requested = request.items().value();
        for (int i = 0; i < requested.size(); i++) {
            OrderRequests.Item item = requested.get(i);
            BigDecimal price = MoneyField.value(item.price()).value();
            items.add(new OrderItem(id, i, parse("prod", item.productId()).orElse(null), parse("var", item.variantId()).orElse(null),
                    item.quantity().value(), price));
            sum = price == null ? sum : sum.add(price.multiply(BigDecimal.valueOf(item.quantity().value())));
        }
        BigDecimal amount = request.amount().hasValue() ? MoneyField.value(request.amount()).value() : sum;
        String status = request.status().or("CREATED");
        OrderRepository.NewOrder order = new OrderRepository.NewOrder(id, externalId, status, parse("cons", request.consumerId()).orElse(null),
                parse("exp", request.experienceId()).orElse(null), parse("seq", request.sequenceId()).orElse(null), null, null, null,
                amount, request.currencyCode().value().strip(), FieldRules.jsonText(request.metadata()).value(), null);
        return repository.insert(context, order, now)
                .flatMap(inserted -> repository.insertItems(items)
                        .then(outbox.append(createdEvents(context, inserted, items)))
                        .thenReturn(new Written(OrderResponse.from(inserted, items), true)))
                .switchIfEmpty(Mono.defer(() -> existing(context, externalId)))
                .as(transaction::transactional);
    }

    private static List<EventEnvelope> createdEvents(InternalContext context, OrderEntity order, List<OrderItem> items) {
        List<EventEnvelope> events = new ArrayList<>(List.of(OrderEvents.created(context, order, items)));
        if ("COMPLETED".equals(order.status())) {
            events.add(OrderEvents.completed(context, order));
        }
        return events;
    }

    private Mono<Written> existing(InternalContext context, String externalId) {
        return repository.findByExternalId(context, externalId)
                .flatMap(order -> withItems(order).map(response -> new Written(response, false)));
    }

    /** One result of a batch item: created, existing (its externalId was known), or failed with its errors. */
    record BatchResult(int index, String status, OrderResponse order, String error, String code, List<FieldError> details) {
    }

    /**
     * {@code POST /orders/batch}: up to 100 orders, each in its own transaction (one bad item fails alone), idempotent on
     * {@code externalId}: an order the tenant already has is answered as {@code existing} and written again never.
     */
    Mono<List<BatchResult>> batch(InternalContext context, JsonNode body) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    JsonNode array = body != null && body.isObject() && body.size() == 1 && body.has("orders") ? body.get("orders") : body;
                    if (array == null || !array.isArray()) {
                        throw ApiException.validation("orders", "Must be an array of orders, or an object {\"orders\": [...]}");
                    }
                    if (array.isEmpty() || array.size() > MAX_BATCH) {
                        throw ApiException.validation("orders", "Must hold 1 to " + MAX_BATCH + " orders");
                    }
                    List<JsonNode> nodes = new ArrayList<>();
                    array.forEach(nodes::add);
                    return nodes;
                })
                .flatMapMany(nodes -> Flux.range(0, nodes.size()).concatMap(index -> batchItem(context, index, nodes.get(index))))
                .collectList();
    }

    private Mono<BatchResult> batchItem(InternalContext context, int index, JsonNode node) {
        String prefix = "orders[" + index + "]";
        List<FieldError> errors = new ArrayList<>();
        OrderRequests.Create request = bodies.read(node, OrderRequests.Create.class, prefix, OrderRequests.Create::crossChecks, errors);
        if (!errors.isEmpty() || request == null) {
            return Mono.just(new BatchResult(index, "failed", null, "Validation failed", null, errors));
        }
        return checkReferences(context, request, prefix + ".")
                .then(write(context, request))
                .map(written -> new BatchResult(index, written.created() ? "created" : "existing", written.order(), null, null, null))
                .onErrorResume(ApiException.class, failed -> Mono.just(new BatchResult(index, "failed", null, failed.getMessage(), failed.code(),
                        failed.details() == null || failed.details().isEmpty() ? null : failed.details())));
    }

    // ---- reads ----

    Mono<OrderResponse> get(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    QueryParams.only(params, Set.of());
                    return OrderIds.parse(id);
                })
                .flatMap(uuid -> repository.find(context, uuid))
                .switchIfEmpty(Mono.error(OrderIds::notFound))
                .flatMap(this::withItems);
    }

    Mono<ListResponse<OrderResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    return OrderRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("orders", context));
                })
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), order -> order))
                .flatMap(page -> {
                    List<UUID> ids = page.data().stream().map(OrderEntity::id).toList();
                    Mono<Map<UUID, List<OrderItem>>> items = ids.isEmpty() ? Mono.just(Map.of())
                            : repository.items(ids).collect(Collectors.groupingBy(OrderItem::orderId));
                    return items.map(byOrder -> new ListResponse<>(page.data().stream()
                            .map(order -> OrderResponse.from(order, byOrder.getOrDefault(order.id(), List.of()))).toList(), page.pageInfo()));
                });
    }

    public Mono<OrderResponse> withItems(OrderEntity order) {
        return repository.items(List.of(order.id())).collectList().map(items -> OrderResponse.from(order, items));
    }

    // ---- lifecycle ----

    Mono<OrderResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    UUID uuid = OrderIds.parse(id);
                    return Map.entry(uuid, bodies.read(body, OrderRequests.Update.class));
                })
                .flatMap(request -> {
                    OrderRequests.Update update = request.getValue();
                    Mono<OrderEntity> details = update.externalId().present() || update.metadata().present()
                            ? repository.updateDetails(context, request.getKey(), FieldRules.stripped(update.externalId()),
                                    FieldRules.jsonText(update.metadata()), now())
                                    .onErrorMap(DuplicateKeyException.class, taken -> new ApiException(HttpStatus.BAD_REQUEST, "Validation failed",
                                            null, List.of(new FieldError("externalId", "Already exists"))))
                            : repository.find(context, request.getKey());
                    return details.switchIfEmpty(Mono.error(OrderIds::notFound))
                            .flatMap(order -> update.status().hasValue()
                                    ? step(context, order, update.status().value().strip(), FieldRules.stripped(update.reason()).value())
                                    : Mono.just(order));
                })
                .flatMap(this::withItems);
    }

    Mono<OrderResponse> complete(InternalContext context, String id) {
        return find(context, id).flatMap(order -> step(context, order, "COMPLETED", null)).flatMap(this::withItems);
    }

    Mono<OrderResponse> cancel(InternalContext context, String id, JsonNode body) {
        return Mono.fromCallable(() -> body == null || body.isMissingNode() || body.isNull()
                        ? new OrderRequests.Cancel(Tristate.absent()) : bodies.read(body, OrderRequests.Cancel.class))
                .flatMap(request -> find(context, id)
                        .flatMap(order -> step(context, order, "CANCELLED", FieldRules.stripped(request.reason()).value())))
                .flatMap(this::withItems);
    }

    /** Archives the order (it leaves the list); a pending one is cancelled first, reason {@code deleted}. */
    Mono<OrderResponse> delete(InternalContext context, String id) {
        return find(context, id)
                .flatMap(order -> "CREATED".equals(order.status()) ? step(context, order, "CANCELLED", "deleted") : Mono.just(order))
                .flatMap(order -> repository.archive(context, order.id(), now()))
                .flatMap(this::withItems);
    }

    private Mono<OrderEntity> find(InternalContext context, String id) {
        return Mono.fromCallable(() -> {
                    admin(context);
                    return OrderIds.parse(id);
                })
                .flatMap(uuid -> repository.find(context, uuid))
                .switchIfEmpty(Mono.error(OrderIds::notFound));
    }

    /** One lifecycle step from the order's current state; asking for the state it is already in changes nothing. */
    private Mono<OrderEntity> step(InternalContext context, OrderEntity order, String to, String reason) {
        if (to.equals(order.status())) {
            return Mono.just(order);
        }
        return switch (order.status() + "->" + to) {
            case "CREATED->COMPLETED" -> completeOrder(context, order);
            case "CREATED->CANCELLED" -> cancelOrder(context, order, reason == null ? "merchant_cancelled" : reason, "RELEASED");
            case "COMPLETED->REFUNDED" -> transition(context, order, "COMPLETED", "REFUNDED", null,
                    done -> Mono.just(List.of(OrderEvents.refunded(context, done))));
            default -> Mono.error(ApiException.conflict("An order cannot go from " + order.status() + " to " + to, "INVALID_ORDER_TRANSITION"));
        };
    }

    /**
     * Completes a pending order: a grant-backed order first marks its grant completed at experiences-service (once; a
     * repeat there counts as done), then, in one transaction, the order becomes COMPLETED, its reservations are
     * committed (units that expired meanwhile are taken again, or the completion fails SOLD_OUT) and the event is
     * appended.
     */
    public Mono<OrderEntity> completeOrder(InternalContext context, OrderEntity order) {
        Mono<Void> grant = order.admissionGrantId() == null ? Mono.empty()
                : repository.markGrantCompletionRequested(order.id(), now())
                        .flatMap(askedBefore -> Objects.requireNonNull(admissions.getIfAvailable(), "no AdmissionCompleter")
                                .complete(context, order, askedBefore))
                        .onErrorResume(AdmissionCompleter.Rejected.class, rejected -> cancelOrder(context, order, "admission_invalid", "RELEASED")
                                .then(Mono.error(admissionInvalid("The admission grant can no longer be completed (" + rejected.reason() + ")"))));
        return grant.then(transition(context, order, "CREATED", "COMPLETED", null,
                done -> commitReservations(done).thenReturn(List.of(OrderEvents.completed(context, done)))));
    }

    public static ApiException admissionInvalid(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message, "ADMISSION_INVALID");
    }

    private Mono<Void> commitReservations(OrderEntity order) {
        Instant now = now();
        return inventory.ofOrder(order.id())
                .collectList()
                .flatMap(reservations -> inventory.commitOrder(order.id(), now)
                        .thenMany(Flux.fromIterable(reservations)
                                .filter(reservation -> "EXPIRED".equals(reservation.status()) || "RELEASED".equals(reservation.status()))
                                .concatMap(lapsed -> inventory.commitDirectly(lapsed.variantId(), lapsed.quantity())))
                        .then());
    }

    Mono<OrderEntity> cancelOrder(InternalContext context, OrderEntity order, String reason, String reservationStatus) {
        return transition(context, order, "CREATED", "CANCELLED", reason,
                done -> inventory.releaseOrder(done.id(), reservationStatus, now()).thenReturn(List.of(OrderEvents.cancelled(context, done))));
    }

    /**
     * The conditional step, its side effects and its events in one transaction. When the order already left
     * {@code from} (a concurrent request won), the order as it is now is answered if it reached {@code to}, else 409.
     */
    private Mono<OrderEntity> transition(InternalContext context, OrderEntity order, String from, String to, String reason,
            java.util.function.Function<OrderEntity, Mono<List<EventEnvelope>>> effects) {
        return repository.transition(order.id(), order.organizationId(), order.environment(), from, to, reason, now())
                .flatMap(done -> effects.apply(done).flatMap(events -> outbox.append(events)).thenReturn(done))
                .as(transaction::transactional)
                .switchIfEmpty(Mono.defer(() -> repository.find(context, order.id())
                        .flatMap(now -> to.equals(now.status()) ? Mono.just(now)
                                : Mono.error(ApiException.conflict("An order cannot go from " + now.status() + " to " + to,
                                        "INVALID_ORDER_TRANSITION")))));
    }

    // ---- for checkout and the sweep ----

    /** What the checkout hand-off orders: one variant, a quantity, a unit price, the grant's links and deadline. */
    public record PendingOrder(UUID consumerId, UUID experienceId, UUID sequenceId, String distributionType, String distributionId,
            UUID admissionGrantId, UUID productId, UUID variantId, int quantity, BigDecimal unitPrice, String currencyCode,
            Instant deadline) {
    }

    /**
     * The pending order of a checkout, in one transaction: the order (deadline = the grant's expiry), its item, the
     * reservation of its units until that deadline, and {@code order.created}. SOLD_OUT rolls all of it back. A grant
     * that already has a live order answers that order (the unique index decides between concurrent checkouts).
     */
    public Mono<Written> createPending(InternalContext context, PendingOrder pending) {
        Instant now = now();
        UUID id = Ids.newUuid();
        UUID reservation = Ids.newUuid();
        BigDecimal amount = pending.unitPrice().multiply(BigDecimal.valueOf(pending.quantity()));
        OrderRepository.NewOrder order = new OrderRepository.NewOrder(id, null, "CREATED", pending.consumerId(), pending.experienceId(),
                pending.sequenceId(), pending.distributionType(), pending.distributionId(), pending.admissionGrantId(), amount,
                pending.currencyCode(), null, pending.deadline());
        List<OrderItem> items = List.of(new OrderItem(id, 0, pending.productId(), pending.variantId(), pending.quantity(), pending.unitPrice()));
        // The units first (group commit, durable), then the order that holds them; if the order cannot be written,
        // the units go back at once (and the sweep would return them at the deadline anyway).
        return inventory.reserve(context, pending.productId(), pending.variantId(), pending.quantity(), pending.deadline(),
                        pending.consumerId(), reservation, now)
                .then(repository.insert(context, order, now)
                        .flatMap(inserted -> repository.insertItems(items)
                                .then(inventory.attach(reservation, id))
                                .then(outbox.append(OrderEvents.created(context, inserted, items)))
                                .thenReturn(new Written(OrderResponse.from(inserted, items), true)))
                        .as(transaction::transactional)
                        .onErrorResume(failed -> inventory.release(context, reservation, now()).then(Mono.error(failed))))
                .onErrorResume(DuplicateKeyException.class, taken -> repository.findLiveByGrant(context, pending.admissionGrantId())
                        .flatMap(this::withItems)
                        .map(existing -> new Written(existing, false))
                        .switchIfEmpty(Mono.error(ApiException.conflict("This admission grant is being checked out", "CHECKOUT_IN_PROGRESS"))));
    }

    public Mono<OrderEntity> findEntity(InternalContext context, UUID id) {
        return repository.find(context, id);
    }

    public Mono<OrderEntity> findLiveByGrant(InternalContext context, UUID grant) {
        return repository.findLiveByGrant(context, grant);
    }

    public Mono<Long> pendingCount(InternalContext context, UUID product, UUID variant) {
        return repository.pending(context, product, variant);
    }

    /** The sweep's cancellation of a pending order whose reservation expired. */
    Mono<Void> cancelExpired(Inventory.ExpiredOrder expired) {
        return repository.transition(expired.orderId(), expired.organizationId(), expired.environment(), "CREATED", "CANCELLED", "expired", now())
                .flatMap(done -> inventory.releaseOrder(done.id(), "EXPIRED", now()).then(outbox.append(OrderEvents.cancelled(null, done))))
                .then();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

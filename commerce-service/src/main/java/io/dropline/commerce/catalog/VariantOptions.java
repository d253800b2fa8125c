package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Variant options (reference §5.11): the tenant's options with their values ({@code /variant-options}), and which of
 * them a product's variants choose from ({@code /products/{id}/variant-options}, {@code {assignments: [...]}}). An
 * option a product's variants use cannot be removed from it (409 "Cannot remove: variants exist").
 */
@Component
class VariantOptions {

    private final DatabaseClient db;
    private final RequestBodies bodies;
    private final TransactionalOperator transaction;
    private final Clock clock;

    VariantOptions(DatabaseClient db, RequestBodies bodies, TransactionalOperator transaction, Clock clock,
            tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        this.db = db;
        this.bodies = bodies;
        this.transaction = transaction;
        this.clock = clock;
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, CreateOption.class, ValueRequest.class, Assign.class,
                AssignmentRequest.class);
    }

    record ValueRequest(@Required @NotNullValue @NotBlankValue @Text(max = 100) Tristate<String> value,
            @Text(max = 100) Tristate<String> displayValue,
            @NotNullValue @IntRange(min = 0, max = 10_000) Tristate<Integer> sortOrder) {
    }

    record CreateOption(@Required @NotNullValue @NotBlankValue @Text(max = 100) Tristate<String> name,
            @Text(max = 100) Tristate<String> displayName,
            @NotNullValue @WellTyped(message = "Must be an array of values")
            Tristate<@Size(max = 200, message = "At most 200 values") List<@Valid ValueRequest>> values) {
    }

    record AssignmentRequest(@Required @PublicId(prefix = CatalogIds.OPTION) Tristate<String> optionId,
            @NotNullValue @WellTyped(message = "Must be a boolean") Tristate<Boolean> required,
            @NotNullValue @IntRange(min = 0, max = 10_000) Tristate<Integer> sortOrder,
            @NotNullValue @WellTyped(message = "Must be an array of value ids")
            Tristate<@Size(max = 200, message = "At most 200 values") List<String>> valueIds) {
    }

    record Assign(@Required @NotNullValue @WellTyped(message = "Must be an array of options")
            Tristate<@Size(min = 1, max = 20, message = "Must hold 1 to 20 options") List<@Valid AssignmentRequest>> options) {
    }

    record ValueView(String id, String optionId, String value, String displayValue, int sortOrder) {
    }

    record OptionView(String id, String name, String displayName, List<ValueView> values, Instant createdAt) {
    }

    record AssignmentView(String organizationId, String productId, String optionId, boolean required, int sortOrder,
            OptionView option, List<ValueView> values) {
    }

    record Assignments(List<AssignmentView> assignments) {
    }

    private static ApiException notFound() {
        return ApiException.notFound("Variant option");
    }

    Mono<OptionView> create(InternalContext context, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return bodies.read(body, CreateOption.class);
                })
                .flatMap(request -> {
                    UUID id = Ids.newUuid();
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    List<ValueRequest> values = request.values().or(List.of());
                    var insert = db.sql("INSERT INTO variant_options (id, organization_id, environment, name, display_name, created_at, updated_at) "
                                    + "VALUES (:id, :org, :env, :name, :display, :now, :now)")
                            .bind("id", id).bind("org", context.organizationId()).bind("env", context.environment().wire())
                            .bind("name", request.name().value().strip()).bind("now", now);
                    String display = FieldRules.stripped(request.displayName()).value();
                    insert = display == null ? insert.bindNull("display", String.class) : insert.bind("display", display);
                    return insert.then()
                            .thenMany(Flux.range(0, values.size()).concatMap(i -> {
                                ValueRequest value = values.get(i);
                                String shown = FieldRules.stripped(value.displayValue()).value();
                                var spec = db.sql("INSERT INTO variant_option_values (id, option_id, value, display_value, sort_order) "
                                                + "VALUES (:id, :option, :value, :display, :sort)")
                                        .bind("id", Ids.newUuid()).bind("option", id).bind("value", value.value().value().strip())
                                        .bind("sort", value.sortOrder().or(i));
                                return (shown == null ? spec.bindNull("display", String.class) : spec.bind("display", shown)).then();
                            }))
                            .then()
                            .as(transaction::transactional)
                            .then(find(context, id));
                })
                .onErrorMap(DuplicateKeyException.class, taken -> new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", null,
                        List.of(new FieldError("name", "Already exists"))));
    }

    Mono<List<OptionView>> list(InternalContext context) {
        return Mono.fromCallable(() -> ProductService.admin(context))
                .flatMapMany(admin -> db.sql("SELECT id, name, display_name, created_at FROM variant_options WHERE organization_id = :org "
                                + "AND environment = :env ORDER BY created_at, id LIMIT 500")
                        .bind("org", context.organizationId()).bind("env", context.environment().wire())
                        .map(row -> row.get("id", UUID.class)).all())
                .concatMap(id -> find(context, id))
                .collectList();
    }

    Mono<OptionView> get(InternalContext context, String id) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return Ids.parse(CatalogIds.OPTION, id).orElseThrow(VariantOptions::notFound);
                })
                .flatMap(uuid -> find(context, uuid))
                .switchIfEmpty(Mono.error(VariantOptions::notFound));
    }

    /** Deletes an option no product uses; one in use → 409 {@code OPTION_IN_USE}. */
    Mono<OptionView> delete(InternalContext context, String id) {
        return get(context, id).flatMap(option -> {
            UUID uuid = Ids.parse(CatalogIds.OPTION, option.id()).orElseThrow();
            return db.sql("DELETE FROM variant_options o WHERE o.id = :id AND NOT EXISTS (SELECT 1 FROM product_variant_options a "
                            + "WHERE a.option_id = o.id)")
                    .bind("id", uuid).fetch().rowsUpdated()
                    .flatMap(rows -> rows == 1 ? Mono.just(option)
                            : Mono.error(ApiException.conflict("Cannot remove: the option is assigned to products", "OPTION_IN_USE")));
        });
    }

    private Mono<OptionView> find(InternalContext context, UUID id) {
        return db.sql("SELECT id, name, display_name, created_at FROM variant_options WHERE id = :id AND organization_id = :org AND environment = :env")
                .bind("id", id).bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(row -> new Object[] {row.get("name", String.class), row.get("display_name", String.class), row.get("created_at", Instant.class)})
                .one()
                .flatMap(row -> values(List.of(id)).collectList()
                        .map(values -> new OptionView(Ids.format(CatalogIds.OPTION, id), (String) row[0], (String) row[1], values, (Instant) row[2])));
    }

    private Flux<ValueView> values(List<UUID> options) {
        return db.sql("SELECT id, option_id, value, display_value, sort_order FROM variant_option_values WHERE option_id = ANY(:options) "
                        + "ORDER BY sort_order, id")
                .bind("options", options.toArray(UUID[]::new))
                .map(VariantOptions::value).all();
    }

    private static ValueView value(Readable row) {
        return new ValueView(Ids.format(CatalogIds.OPTION_VALUE, row.get("id", UUID.class)),
                Ids.format(CatalogIds.OPTION, row.get("option_id", UUID.class)), row.get("value", String.class),
                row.get("display_value", String.class), row.get("sort_order", Integer.class));
    }

    // ---- a product's options ----

    Mono<Assignments> ofProduct(InternalContext context, String productId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return CatalogIds.product(productId);
                })
                .flatMap(product -> ownedProduct(context, product).then(assignments(context, product)));
    }

    private Mono<Void> ownedProduct(InternalContext context, UUID product) {
        return db.sql("SELECT 1 FROM products WHERE id = :id AND organization_id = :org AND environment = :env")
                .bind("id", product).bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(row -> 1).one().switchIfEmpty(Mono.error(CatalogIds::productNotFound)).then();
    }

    private Mono<Assignments> assignments(InternalContext context, UUID product) {
        return db.sql("SELECT option_id, required, sort_order, value_ids FROM product_variant_options WHERE product_id = :product "
                        + "ORDER BY sort_order, option_id")
                .bind("product", product)
                .map(row -> new Object[] {row.get("option_id", UUID.class), row.get("required", Boolean.class), row.get("sort_order", Integer.class),
                        row.get("value_ids", UUID[].class)})
                .all()
                .concatMap(row -> find(context, (UUID) row[0]).map(option -> {
                    Set<String> chosen = java.util.Arrays.stream((UUID[]) row[3]).map(id -> Ids.format(CatalogIds.OPTION_VALUE, id))
                            .collect(Collectors.toSet());
                    return new AssignmentView(Ids.format("org", context.organizationId()), Ids.format(CatalogIds.PRODUCT, product), option.id(),
                            Boolean.TRUE.equals(row[1]), (Integer) row[2], option,
                            option.values().stream().filter(value -> chosen.contains(value.id())).toList());
                }))
                .collectList()
                .map(Assignments::new);
    }

    /** Assigns (or re-assigns) options with some of their values; every option and value must be the tenant's. */
    Mono<Assignments> assign(InternalContext context, String productId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    return Map.entry(product, bodies.read(body, Assign.class).options().value());
                })
                .flatMap(request -> ownedProduct(context, request.getKey()).then(checkAndWrite(context, request.getKey(), request.getValue())))
                .then(Mono.defer(() -> assignments(context, CatalogIds.product(productId))));
    }

    private Mono<Void> checkAndWrite(InternalContext context, UUID product, List<AssignmentRequest> requested) {
        List<UUID> options = requested.stream().map(a -> Ids.parse(CatalogIds.OPTION, a.optionId().value()).orElseThrow()).toList();
        return Flux.fromIterable(new HashSet<>(options)).concatMap(option -> find(context, option)).collectList()
                .flatMap(found -> {
                    Map<String, Set<String>> valuesOf = found.stream().collect(Collectors.toMap(OptionView::id,
                            option -> option.values().stream().map(ValueView::id).collect(Collectors.toSet())));
                    List<FieldError> errors = new ArrayList<>();
                    for (int i = 0; i < requested.size(); i++) {
                        Set<String> known = valuesOf.get(requested.get(i).optionId().value());
                        if (known == null) {
                            errors.add(new FieldError("options[" + i + "].optionId", "Variant option not found"));
                            continue;
                        }
                        List<String> ids = requested.get(i).valueIds().or(List.of());
                        for (int j = 0; j < ids.size(); j++) {
                            if (ids.get(j) == null || !known.contains(ids.get(j))) {
                                errors.add(new FieldError("options[" + i + "].valueIds[" + j + "]", "Not a value of this option"));
                            }
                        }
                    }
                    if (!errors.isEmpty()) {
                        return Mono.error(ApiException.validation(errors));
                    }
                    return Flux.range(0, requested.size()).concatMap(i -> {
                        AssignmentRequest a = requested.get(i);
                        UUID[] values = a.valueIds().or(List.of()).stream().map(id -> Ids.parse(CatalogIds.OPTION_VALUE, id).orElseThrow())
                                .toArray(UUID[]::new);
                        return db.sql("INSERT INTO product_variant_options (product_id, option_id, required, sort_order, value_ids) "
                                        + "VALUES (:product, :option, :required, :sort, :values) ON CONFLICT (product_id, option_id) DO UPDATE SET "
                                        + "required = EXCLUDED.required, sort_order = EXCLUDED.sort_order, value_ids = EXCLUDED.value_ids")
                                .bind("product", product).bind("option", options.get(i)).bind("required", a.required().or(true))
                                .bind("sort", a.sortOrder().or(i)).bind("values", values).then();
                    }).then().as(transaction::transactional);
                });
    }

    /** Removes an option from a product; while a variant of the product uses it → 409 "Cannot remove: variants exist". */
    Mono<Assignments> unassign(InternalContext context, String productId, String optionId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return Map.entry(CatalogIds.product(productId), Ids.parse(CatalogIds.OPTION, optionId).orElseThrow(VariantOptions::notFound));
                })
                .flatMap(ids -> ownedProduct(context, ids.getKey())
                        .then(db.sql("SELECT count(*) AS n FROM variants WHERE product_id = :product AND NOT archived "
                                        + "AND option_values @> CAST(:match AS jsonb)")
                                .bind("product", ids.getKey()).bind("match", "[{\"optionId\": \"" + optionId + "\"}]")
                                .map(row -> row.get("n", Long.class)).one())
                        .flatMap(used -> used > 0 ? Mono.error(ApiException.conflict("Cannot remove: variants exist", "VARIANTS_EXIST"))
                                : db.sql("DELETE FROM product_variant_options WHERE product_id = :product AND option_id = :option")
                                        .bind("product", ids.getKey()).bind("option", ids.getValue()).fetch().rowsUpdated()
                                        .flatMap(rows -> rows == 1 ? assignments(context, ids.getKey()) : Mono.error(notFound()))));
    }
}

package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The products an experience sells (the experience/sequence {@code products} relation of the reference), owned here:
 * a link table with admin routes under the product, a product-list filter {@code experienceId}, and an internal read
 * ({@code GET /internal/experiences/{id}/products}) for experiences-service's consumer view. The experience id is
 * taken as given (well-formed, in the caller's tenant scope): commerce-service does not ask experiences-service.
 */
@Component
class ExperienceLinks {

    private final DatabaseClient db;
    private final RequestBodies bodies;
    private final Clock clock;

    ExperienceLinks(DatabaseClient db, RequestBodies bodies, Clock clock, tools.jackson.databind.json.JsonMapper mapper,
            jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, LinkRequest.class);
        this.db = db;
        this.bodies = bodies;
        this.clock = clock;
    }

    record LinkRequest(@PublicId(prefix = "seq", orNull = true) Tristate<String> sequenceId,
            @NotNullValue @IntRange(min = 1, max = 1000) Tristate<Integer> weight) {
    }

    record LinkResponse(String productId, String experienceId, String sequenceId, int weight, Instant createdAt) {

        static LinkResponse from(Readable row) {
            UUID sequence = row.get("sequence_id", UUID.class);
            return new LinkResponse(Ids.format(CatalogIds.PRODUCT, row.get("product_id", UUID.class)),
                    Ids.format(CatalogIds.EXPERIENCE, row.get("experience_id", UUID.class)),
                    sequence == null ? null : Ids.format("seq", sequence), row.get("weight", Integer.class),
                    row.get("created_at", Instant.class));
        }
    }

    private static ApiException linkNotFound() {
        return ApiException.notFound("Experience link");
    }

    /** Links (or re-links with new sequence and weight) a product to an experience; idempotent. */
    Mono<LinkResponse> link(InternalContext context, String productId, String experienceId, JsonNode body) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID experience = Ids.parse(CatalogIds.EXPERIENCE, experienceId).orElseThrow(() -> ApiException.notFound("Experience"));
                    LinkRequest request = body == null || body.isNull() || body.isMissingNode()
                            ? new LinkRequest(Tristate.absent(), Tristate.absent()) : bodies.read(body, LinkRequest.class);
                    UUID sequence = request.sequenceId().value() == null ? null : Ids.parse("seq", request.sequenceId().value()).orElseThrow();
                    var spec = db.sql("INSERT INTO experience_products (organization_id, environment, experience_id, product_id, sequence_id, "
                                    + "weight, created_at) SELECT :org, :env, :exp, p.id, :seq, :weight, :now FROM products p "
                                    + "WHERE p.id = :product AND p.organization_id = :org AND p.environment = :env AND NOT p.archived "
                                    + "ON CONFLICT (organization_id, environment, experience_id, product_id) DO UPDATE SET "
                                    + "sequence_id = EXCLUDED.sequence_id, weight = EXCLUDED.weight "
                                    + "RETURNING product_id, experience_id, sequence_id, weight, created_at")
                            .bind("org", context.organizationId()).bind("env", context.environment().wire())
                            .bind("exp", experience).bind("product", product).bind("weight", request.weight().or(1))
                            .bind("now", clock.instant().truncatedTo(ChronoUnit.MICROS));
                    spec = sequence == null ? spec.bindNull("seq", UUID.class) : spec.bind("seq", sequence);
                    return spec.map(LinkResponse::from).one();
                })
                .flatMap(insert -> insert)
                .switchIfEmpty(Mono.error(CatalogIds::productNotFound));
    }

    Mono<LinkResponse> unlink(InternalContext context, String productId, String experienceId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    UUID product = CatalogIds.product(productId);
                    UUID experience = Ids.parse(CatalogIds.EXPERIENCE, experienceId).orElseThrow(ExperienceLinks::linkNotFound);
                    return db.sql("DELETE FROM experience_products WHERE organization_id = :org AND environment = :env "
                                    + "AND experience_id = :exp AND product_id = :product "
                                    + "RETURNING product_id, experience_id, sequence_id, weight, created_at")
                            .bind("org", context.organizationId()).bind("env", context.environment().wire())
                            .bind("exp", experience).bind("product", product)
                            .map(LinkResponse::from).one();
                })
                .flatMap(delete -> delete)
                .switchIfEmpty(Mono.error(ExperienceLinks::linkNotFound));
    }

    Mono<List<LinkResponse>> ofProduct(InternalContext context, String productId) {
        return Mono.fromCallable(() -> {
                    ProductService.admin(context);
                    return CatalogIds.product(productId);
                })
                .flatMap(product -> db.sql("SELECT 1 FROM products WHERE id = :product AND organization_id = :org AND environment = :env")
                        .bind("product", product).bind("org", context.organizationId()).bind("env", context.environment().wire())
                        .map(row -> 1).one()
                        .switchIfEmpty(Mono.error(CatalogIds::productNotFound))
                        .thenMany(db.sql("SELECT product_id, experience_id, sequence_id, weight, created_at FROM experience_products "
                                        + "WHERE product_id = :product AND organization_id = :org AND environment = :env ORDER BY created_at")
                                .bind("product", product).bind("org", context.organizationId()).bind("env", context.environment().wire())
                                .map(LinkResponse::from).all())
                        .collectList());
    }

    /**
     * Internal read for experiences-service's consumer view: the experience's products that a shopper may see (status
     * {@code ACTIVE}, not archived), heaviest link first, each with its variants (not archived; price, compare-at price,
     * what is left) and media. Three index reads, whatever the number of products.
     */
    Mono<List<ExperienceProductView>> ofExperience(InternalContext context, String experienceId) {
        return Mono.fromCallable(() -> {
                    if (context.surface() != ApiSurface.INTERNAL) {
                        throw ApiException.notFound("Experience");
                    }
                    return Ids.parse(CatalogIds.EXPERIENCE, experienceId).orElseThrow(() -> ApiException.notFound("Experience"));
                })
                .flatMap(experience -> db.sql("SELECT " + LINKED_COLUMNS + ", ep.sequence_id AS link_sequence_id, ep.weight AS link_weight "
                                + "FROM experience_products ep JOIN products p ON p.id = ep.product_id WHERE ep.experience_id = :exp "
                                + "AND ep.organization_id = :org AND ep.environment = :env AND p.organization_id = :org "
                                + "AND p.environment = :env AND NOT p.archived AND p.status = 'ACTIVE' "
                                + "ORDER BY ep.weight DESC, ep.created_at, p.id")
                        .bind("exp", experience).bind("org", context.organizationId()).bind("env", context.environment().wire())
                        .map(row -> new Linked(ProductEntity.from(row), row.get("link_sequence_id", UUID.class),
                                row.get("link_weight", Integer.class)))
                        .all().collectList())
                .flatMap(linked -> linked.isEmpty() ? Mono.just(List.<ExperienceProductView>of()) : withVariantsAndMedia(context, linked));
    }

    /** A product as linked to the experience: the link's sequence and weight. */
    private record Linked(ProductEntity product, UUID sequence, int weight) {
    }

    /** The product's columns, qualified for the join with the link table (both have ids and timestamps). */
    private static final String LINKED_COLUMNS = Arrays.stream(ProductEntity.COLUMNS.split(",\\s*"))
            .map(column -> column.startsWith("metadata") ? "p.metadata::text AS metadata" : "p." + column)
            .collect(Collectors.joining(", "));

    private Mono<List<ExperienceProductView>> withVariantsAndMedia(InternalContext context, List<Linked> linked) {
        UUID[] ids = linked.stream().map(link -> link.product().id()).toArray(UUID[]::new);
        Mono<List<VariantEntity>> variants = db.sql("SELECT " + VariantEntity.COLUMNS + " FROM variants WHERE product_id = ANY(:products) "
                        + "AND organization_id = :org AND environment = :env AND NOT archived ORDER BY created_at, id")
                .bind("products", ids).bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(VariantEntity::from).all().collectList();
        Mono<List<MediaEntity>> media = db.sql("SELECT " + MediaEntity.COLUMNS + " FROM product_media WHERE product_id = ANY(:products) "
                        + "ORDER BY position, id")
                .bind("products", ids).map(MediaEntity::from).all().collectList();
        return Mono.zip(variants, media).map(found -> linked.stream().map(link -> ExperienceProductView.of(link.product(), link.sequence(),
                        link.weight(),
                        found.getT1().stream().filter(variant -> variant.productId().equals(link.product().id()))
                                .map(variant -> ExperienceProductView.Variant.of(variant, link.product())).toList(),
                        found.getT2().stream().filter(item -> item.productId().equals(link.product().id()))
                                .map(ExperienceProductView.Media::of).toList()))
                .toList());
    }
}

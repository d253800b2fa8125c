package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for a product's media; the product's tenant scope is checked through the products table on every statement. */
@Repository
class MediaRepository {

    private static final String OWNED = "product_id = :product AND EXISTS (SELECT 1 FROM products p WHERE p.id = :product "
            + "AND p.organization_id = :org AND p.environment = :env)";

    private final DatabaseClient db;

    MediaRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<MediaEntity> insert(InternalContext context, UUID product, UUID id, String url, String type, String altText, Integer width,
            Integer height, String purpose, Integer position, Instant now) {
        var spec = db.sql("INSERT INTO product_media (id, product_id, url, type, alt_text, width, height, purpose, position, created_at) "
                        + "SELECT :id, :product, :url, :type, :alt, :width, :height, :purpose, "
                        + "coalesce(:position, (SELECT coalesce(max(position) + 1, 0) FROM product_media WHERE product_id = :product)), :now "
                        + "WHERE EXISTS (SELECT 1 FROM products p WHERE p.id = :product AND p.organization_id = :org AND p.environment = :env) "
                        + "RETURNING " + MediaEntity.COLUMNS)
                .bind("id", id).bind("product", product).bind("url", url).bind("type", type).bind("purpose", purpose).bind("now", now)
                .bind("org", context.organizationId()).bind("env", context.environment().wire());
        spec = altText == null ? spec.bindNull("alt", String.class) : spec.bind("alt", altText);
        spec = width == null ? spec.bindNull("width", Integer.class) : spec.bind("width", width);
        spec = height == null ? spec.bindNull("height", Integer.class) : spec.bind("height", height);
        spec = position == null ? spec.bindNull("position", Integer.class) : spec.bind("position", position);
        return spec.map(MediaEntity::from).one();
    }

    Mono<MediaEntity> update(InternalContext context, UUID product, UUID id, Integer position, String purpose) {
        var spec = scoped(db.sql("UPDATE product_media SET position = coalesce(:position, position), purpose = coalesce(:purpose, purpose) "
                + "WHERE id = :id AND " + OWNED + " RETURNING " + MediaEntity.COLUMNS), context, product).bind("id", id);
        spec = position == null ? spec.bindNull("position", Integer.class) : spec.bind("position", position);
        spec = purpose == null ? spec.bindNull("purpose", String.class) : spec.bind("purpose", purpose);
        return spec.map(MediaEntity::from).one();
    }

    Mono<MediaEntity> delete(InternalContext context, UUID product, UUID id) {
        return scoped(db.sql("DELETE FROM product_media WHERE id = :id AND " + OWNED + " RETURNING " + MediaEntity.COLUMNS), context, product)
                .bind("id", id).map(MediaEntity::from).one();
    }

    /** Positions follow the given order; every asset of the product must be named exactly once (checked by the caller). */
    Mono<Long> reorder(InternalContext context, UUID product, List<UUID> order) {
        return scoped(db.sql("UPDATE product_media m SET position = o.ord - 1 FROM unnest(:ids::uuid[]) WITH ORDINALITY AS o(id, ord) "
                + "WHERE m.id = o.id AND m." + OWNED.replace("product_id", "product_id")), context, product)
                .bind("ids", order.toArray(UUID[]::new)).fetch().rowsUpdated();
    }

    Flux<MediaEntity> ofProduct(InternalContext context, UUID product) {
        return scoped(db.sql("SELECT " + MediaEntity.COLUMNS + " FROM product_media WHERE " + OWNED + " ORDER BY position, id"), context, product)
                .map(MediaEntity::from).all();
    }

    Flux<MediaEntity> ofProducts(Collection<UUID> products) {
        return db.sql("SELECT " + MediaEntity.COLUMNS + " FROM product_media WHERE product_id = ANY(:products) ORDER BY position, id")
                .bind("products", products.toArray(UUID[]::new)).map(MediaEntity::from).all();
    }

    private static DatabaseClient.GenericExecuteSpec scoped(DatabaseClient.GenericExecuteSpec spec, InternalContext context, UUID product) {
        return spec.bind("product", product).bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}

package io.dropline.commerce.catalog;

import static io.dropline.commerce.common.Sql.SCOPE;
import static io.dropline.commerce.common.Sql.change;
import static io.dropline.commerce.common.Sql.nullable;
import static io.dropline.commerce.common.Sql.scoped;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for products. Every statement is scoped by organization and environment from the internal context. */
@Repository
class ProductRepository {

    static final Set<String> INCLUDES = Set.of("variants", "mediaAssets");

    /** {@code include=variants,mediaAssets}: read here, applied by the service after the page is fetched. */
    static final ListFilter<Set<String>> INCLUDE = ListFilter.of(List.of("include"), (params, errors) -> includes(params.get("include"), errors),
            include -> List.of(), include -> List.of(String.valueOf(include)));

    static final ListFilter<String> ARCHIVED = ListFilter.of(List.of("archived"), ListFilter.oneOf("archived", List.of("true", "false")),
            archived -> List.of(new ListFilter.Condition("archived = :archived", "archived", "true".equals(archived))),
            archived -> List.of(String.valueOf(archived)));

    static final KeysetList<ProductEntity> LIST = KeysetList.<ProductEntity>builder()
            .filter(ListFilter.search("(name || ' ' || coalesce(sku, '') || ' ' || coalesce(handle, ''))"))
            .filter(ListFilter.createdBetween("created_at"))
            .filter(ListFilter.oneOf("status", List.of("ACTIVE", "DRAFT", "ARCHIVED"), "status"))
            .filter(ListFilter.of(List.of("syncSource"), (params, errors) -> params.get("syncSource"),
                    source -> source == null ? List.of() : List.of(new ListFilter.Condition("sync_source = :syncSource", "syncSource", source)),
                    source -> List.of(String.valueOf(source))))
            .filter(ListFilter.of(List.of("experienceId"), (params, errors) -> experienceId(params.get("experienceId"), errors),
                    experience -> experience == null ? List.of() : List.of(new ListFilter.Condition("EXISTS (SELECT 1 FROM experience_products ep "
                            + "WHERE ep.product_id = products.id AND ep.experience_id = :experienceId)", "experienceId", experience)),
                    experience -> List.of(String.valueOf(experience))))
            .filter(ARCHIVED)
            .filter(INCLUDE)
            .sortBy("createdAt", KeyColumn.instant("created_at", ProductEntity::createdAt))
            .sortBy("name", KeyColumn.text("lower(name)", product -> product.name().toLowerCase(Locale.ROOT)))
            .sortBy("updatedAt", KeyColumn.instant("updated_at", ProductEntity::updatedAt))
            .tieBreaker(KeyColumn.uuid("id", ProductEntity::id))
            .build();

    private final DatabaseClient db;

    ProductRepository(DatabaseClient db) {
        this.db = db;
    }

    static Set<String> includes(String raw, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>(Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (values.isEmpty() || !INCLUDES.containsAll(values)) {
            errors.add(new FieldError("include", "Must be a comma-separated list of variants, mediaAssets"));
            return null;
        }
        return values;
    }

    private static UUID experienceId(String raw, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        UUID id = io.dropline.contracts.id.Ids.parse(CatalogIds.EXPERIENCE, raw).orElse(null);
        if (id == null) {
            errors.add(new FieldError("experienceId", "Must be an id of the form exp_…"));
        }
        return id;
    }

    /** A result of a create that may have been an update under the upsert rule. */
    record Upserted(ProductEntity product, boolean created) {
    }

    /**
     * Creates a product; with a primary sync source whose (syncSource, syncSourceId) a product of the tenant already
     * has, updates that product instead (reference §5.11), in one statement, so two concurrent upserts of one key
     * make one product. The sync source row is found or created in the same statement.
     */
    Mono<Upserted> create(InternalContext context, UUID id, UUID syncSourceRowId, ProductFields.ProductWrite fields, Instant now) {
        ProductFields.SyncRef sync = fields.sync();
        String insert = "INSERT INTO products (id, organization_id, environment, name, description, sku, price, currency_code, "
                + "status, metadata, url, handle, sync_source, sync_source_id, primary_sync_source_id, created_at, updated_at) "
                + "VALUES (:id, :org, :env, :name, :description, :sku, :price, :currencyCode, coalesce(:status, 'ACTIVE'), "
                + ":metadata::jsonb, :url, :handle, ";
        String sql;
        if (sync == null) {
            sql = insert + "NULL, NULL, NULL, :now, :now) RETURNING " + ProductEntity.COLUMNS + ", true AS created";
        } else {
            sql = "WITH src AS (INSERT INTO sync_sources (id, organization_id, environment, sync_source, sync_source_id, "
                    + "sync_status, source_data, last_synced_at, created_at, updated_at) "
                    + "VALUES (:srcId, :org, :env, :syncSource, :syncSourceId, 'SUCCESS', :sourceData::jsonb, :now, :now, :now) "
                    + "ON CONFLICT (organization_id, environment, sync_source, sync_source_id) DO UPDATE SET "
                    + "source_data = coalesce(EXCLUDED.source_data, sync_sources.source_data), sync_status = 'SUCCESS', "
                    + "last_synced_at = :now, updated_at = :now RETURNING id) "
                    + insert + ":syncSource, :syncSourceId, (SELECT id FROM src), :now, :now) "
                    + "ON CONFLICT (organization_id, environment, sync_source, sync_source_id) WHERE sync_source IS NOT NULL DO UPDATE SET "
                    + "name = EXCLUDED.name, "
                    + "description = CASE WHEN :setDescription THEN EXCLUDED.description ELSE products.description END, "
                    + "sku = CASE WHEN :setSku THEN EXCLUDED.sku ELSE products.sku END, "
                    + "price = CASE WHEN :setPrice THEN EXCLUDED.price ELSE products.price END, "
                    + "currency_code = CASE WHEN :setCurrencyCode THEN EXCLUDED.currency_code ELSE products.currency_code END, "
                    + "status = CASE WHEN :setStatus THEN EXCLUDED.status ELSE products.status END, "
                    + "metadata = CASE WHEN :setMetadata THEN EXCLUDED.metadata ELSE products.metadata END, "
                    + "url = CASE WHEN :setUrl THEN EXCLUDED.url ELSE products.url END, "
                    + "handle = CASE WHEN :setHandle THEN EXCLUDED.handle ELSE products.handle END, "
                    + "primary_sync_source_id = EXCLUDED.primary_sync_source_id, updated_at = :now "
                    + "RETURNING " + ProductEntity.COLUMNS + ", (xmax = 0) AS created";
        }
        GenericExecuteSpec spec = scoped(db.sql(sql), context).bind("id", id).bind("now", now);
        spec = nullable(spec, "name", fields.name().value(), String.class);
        spec = nullable(spec, "description", fields.description().value(), String.class);
        spec = nullable(spec, "sku", fields.sku().value(), String.class);
        spec = nullable(spec, "price", fields.price().value(), BigDecimal.class);
        spec = nullable(spec, "currencyCode", fields.currencyCode().value(), String.class);
        spec = nullable(spec, "status", fields.status().value(), String.class);
        spec = nullable(spec, "metadata", fields.metadataJson().value(), String.class);
        spec = nullable(spec, "url", fields.url().value(), String.class);
        spec = nullable(spec, "handle", fields.handle().value(), String.class);
        if (sync != null) {
            spec = spec.bind("srcId", syncSourceRowId).bind("syncSource", sync.syncSource()).bind("syncSourceId", sync.syncSourceId());
            spec = nullable(spec, "sourceData", sync.sourceDataJson(), String.class);
            spec = spec.bind("setDescription", fields.description().present()).bind("setSku", fields.sku().present())
                    .bind("setPrice", fields.price().present()).bind("setCurrencyCode", fields.currencyCode().present())
                    .bind("setStatus", fields.status().present()).bind("setMetadata", fields.metadataJson().present())
                    .bind("setUrl", fields.url().present()).bind("setHandle", fields.handle().present());
        }
        return spec.map(row -> new Upserted(ProductEntity.from(row), Boolean.TRUE.equals(row.get("created", Boolean.class)))).one();
    }

    /** Applies only the fields present, in one statement; a new primary sync source is found or created with it. */
    Mono<ProductEntity> update(InternalContext context, UUID id, UUID syncSourceRowId, ProductFields.ProductWrite changes, Instant now) {
        ProductFields.SyncRef sync = changes.sync();
        String src = sync == null ? "" : "WITH src AS (INSERT INTO sync_sources (id, organization_id, environment, sync_source, "
                + "sync_source_id, sync_status, source_data, last_synced_at, created_at, updated_at) "
                + "VALUES (:srcId, :org, :env, :syncSource, :syncSourceId, 'SUCCESS', :sourceData::jsonb, :now, :now, :now) "
                + "ON CONFLICT (organization_id, environment, sync_source, sync_source_id) DO UPDATE SET "
                + "source_data = coalesce(EXCLUDED.source_data, sync_sources.source_data), updated_at = :now RETURNING id) ";
        String syncSet = sync != null ? "sync_source = :syncSource, sync_source_id = :syncSourceId, primary_sync_source_id = (SELECT id FROM src), "
                : changes.clearSync() ? "sync_source = NULL, sync_source_id = NULL, primary_sync_source_id = NULL, " : "";
        GenericExecuteSpec spec = scoped(db.sql(src + "UPDATE products SET "
                + "name = CASE WHEN :setName THEN :name ELSE name END, "
                + "description = CASE WHEN :setDescription THEN :description ELSE description END, "
                + "sku = CASE WHEN :setSku THEN :sku ELSE sku END, "
                + "price = CASE WHEN :setPrice THEN :price ELSE price END, "
                + "currency_code = CASE WHEN :setCurrencyCode THEN :currencyCode ELSE currency_code END, "
                + "status = CASE WHEN :setStatus THEN :status ELSE status END, "
                + "metadata = CASE WHEN :setMetadata THEN :metadata::jsonb ELSE metadata END, "
                + "url = CASE WHEN :setUrl THEN :url ELSE url END, "
                + "handle = CASE WHEN :setHandle THEN :handle ELSE handle END, "
                + syncSet + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + ProductEntity.COLUMNS), context)
                .bind("id", id).bind("now", now);
        spec = change(spec, "name", changes.name(), String.class);
        spec = change(spec, "description", changes.description(), String.class);
        spec = change(spec, "sku", changes.sku(), String.class);
        spec = change(spec, "price", changes.price(), BigDecimal.class);
        spec = change(spec, "currencyCode", changes.currencyCode(), String.class);
        spec = change(spec, "status", changes.status(), String.class);
        spec = change(spec, "metadata", changes.metadataJson(), String.class);
        spec = change(spec, "url", changes.url(), String.class);
        spec = change(spec, "handle", changes.handle(), String.class);
        if (sync != null) {
            spec = spec.bind("srcId", syncSourceRowId).bind("syncSource", sync.syncSource()).bind("syncSourceId", sync.syncSourceId());
            spec = nullable(spec, "sourceData", sync.sourceDataJson(), String.class);
        }
        return spec.map(ProductEntity::from).one();
    }

    Mono<ProductEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + ProductEntity.COLUMNS + " FROM products WHERE id = :id AND " + SCOPE), context)
                .bind("id", id).map(ProductEntity::from).one();
    }

    Mono<ProductEntity> findBySync(InternalContext context, String syncSource, String syncSourceId) {
        return scoped(db.sql("SELECT " + ProductEntity.COLUMNS + " FROM products WHERE " + SCOPE
                        + " AND sync_source = :syncSource AND sync_source_id = :syncSourceId"), context)
                .bind("syncSource", syncSource).bind("syncSourceId", syncSourceId).map(ProductEntity::from).one();
    }

    /** Archive: the product stays (orders name it) but leaves the default list and its status becomes ARCHIVED. */
    Mono<ProductEntity> archive(InternalContext context, UUID id, Instant now) {
        return scoped(db.sql("UPDATE products SET archived = true, status = 'ARCHIVED', updated_at = :now WHERE id = :id AND "
                        + SCOPE + " RETURNING " + ProductEntity.COLUMNS), context)
                .bind("id", id).bind("now", now).map(ProductEntity::from).one();
    }

    /** One page; archived products only with {@code archived=true} (the filter's default is false). */
    Flux<ProductEntity> page(InternalContext context, Keyset<ProductEntity> keyset) {
        String base = "SELECT " + ProductEntity.COLUMNS + " FROM products WHERE " + SCOPE;
        return keyset.bind(scoped(db.sql(base + keyset.sql()), context)).map(ProductEntity::from).all();
    }

    Flux<ProductEntity> findByIds(InternalContext context, Collection<UUID> ids) {
        return scoped(db.sql("SELECT " + ProductEntity.COLUMNS + " FROM products WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", ids.toArray(UUID[]::new)).map(ProductEntity::from).all();
    }
}

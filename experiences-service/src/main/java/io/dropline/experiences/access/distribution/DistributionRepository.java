package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * The list across distribution types: the {@code distributions} view (V7), one {@code UNION ALL} branch per type's
 * table with the columns they share. It yields only what orders a page and says whose a row is; the rows themselves
 * come from their types ({@link DistributionType#findAll}).
 */
@Repository
class DistributionRepository {

    /**
     * The queue was the only type with rows while each type listed itself, and its pages bound {@code type} as
     * "does the filter leave the queue out": {@code false} for no type and for {@code type=queue}. Those two keep that
     * binding so the cursors already handed out stay valid. Any other type binds its own name: its pages were always
     * empty, so no cursor with the old binding ({@code true}) exists.
     */
    private static final String FIRST_TYPE = "queue";

    /**
     * {@code GET /distributions}: by creation (newest first by default), the id breaking ties; filters, their
     * validation messages and the cursor binding are those of the queue's own list it replaces. The {@code type}
     * values it accepts are the registered types' names, in the order a 400 lists them (alphabetical).
     */
    private static KeysetList<Listed> list(List<String> types) {
        return KeysetList.<Listed>builder()
                .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
                .filter(ListFilter.id("experienceId", "exp", "experience_id"))
                .filter(ListFilter.createdBetween("created_at"))
                .sortBy("createdAt", KeyColumn.instant("created_at", Listed::createdAt))
                .tieBreaker(KeyColumn.uuid("id", Listed::id))
                .filter(ListFilter.of(List.of("type"), ListFilter.oneOf("type", types),
                        type -> type == null ? List.of() : List.of(new ListFilter.Condition("type = :type", "type", type)),
                        type -> List.of(type == null || type.equals(FIRST_TYPE) ? "false" : type)))
                .build();
    }

    /** One listed distribution: whose it is, its uuid and its place in the order. */
    record Listed(String type, UUID id, Instant createdAt) {
    }

    private final DatabaseClient db;
    private final KeysetList<Listed> list;

    DistributionRepository(DatabaseClient db, List<DistributionType> types) {
        this.db = db;
        this.list = list(types.stream().map(DistributionType::name).sorted().toList());
    }

    KeysetList<Listed> list() {
        return list;
    }

    /** One page in the page's direction, plus one row to tell whether more follow. */
    Flux<Listed> page(InternalContext context, Keyset<Listed> keyset) {
        return keyset.bind(db.sql("SELECT type, id, created_at FROM distributions "
                                + "WHERE organization_id = :org AND environment = :env" + keyset.sql())
                        .bind("org", context.organizationId())
                        .bind("env", context.environment().wire()))
                .map(row -> new Listed(row.get("type", String.class), row.get("id", UUID.class), row.get("created_at", Instant.class)))
                .all();
    }
}

package io.dropline.experiences.access.draw;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import io.dropline.experiences.access.distribution.DistributionType;
import io.dropline.experiences.access.distribution.DistributionView;
import io.dropline.experiences.access.distribution.EntryResponse;
import io.dropline.experiences.access.distribution.TimerJob;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The draw as a distribution type: what the distribution core asks of it (ADR 0009). */
@Component
class DrawDistribution implements DistributionType {

    /** A consumer's status as the API names it: an entry still ENTERED in a drawn draw was not selected (LOST). */
    static final String STATUS = "CASE WHEN e.status = 'ENTERED' AND d.drawn_at IS NOT NULL THEN 'LOST' ELSE e.status END";

    /** The entrants of a draw in arrival order; {@code seq} is unique per draw. */
    static final KeysetList<EntryResponse.Row> PARTICIPANTS = KeysetList.<EntryResponse.Row>builder()
            .filter(ListFilter.oneOf("status", List.of("ENTERED", "WON", "LOST", "LEFT", "COMPLETED", "DENIED"), "(" + STATUS + ")"))
            .fixedOrder(KeyColumn.longInteger("e.seq", EntryResponse.Row::seq), false)
            .build();

    private final DrawService draws;
    private final DrawRepository repository;
    private final DrawTimers timers;
    private final DatabaseClient db;

    DrawDistribution(DrawService draws, DrawRepository repository, DrawTimers timers, DatabaseClient db) {
        this.draws = draws;
        this.repository = repository;
        this.timers = timers;
        this.db = db;
    }

    @Override
    public String name() {
        return DrawTimers.TYPE;
    }

    @Override
    public String idPrefix() {
        return DrawIds.PREFIX;
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        return repository.findByIds(context, ids).map(entity -> DrawResponse.from(entity, draws.now()));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> DrawResponse.from(entity, draws.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return draws.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return PARTICIPANTS;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return keyset.bind(db.sql("SELECT e.consumer_id, " + STATUS + " AS status, e.seq, e.entered_at, e.granted_at, "
                                + "e.grant_expires_at, e.completed_at, e.deny_reason, CAST(NULL AS bigint) AS position "
                                + "FROM draw_entries e JOIN draws d ON d.id = e.draw_id WHERE e.draw_id = :drawId "
                                + "AND e.organization_id = :org AND e.environment = :env" + keyset.sql())
                        .bind("drawId", id)
                        .bind("org", context.organizationId())
                        .bind("env", context.environment().wire()))
                .map(EntryResponse.Row::from)
                .all();
    }

    @Override
    public Mono<Void> onTimer(TimerJob job) {
        return timers.onTimer(job);
    }
}

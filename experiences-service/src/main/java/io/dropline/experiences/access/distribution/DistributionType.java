package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import java.util.Collection;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How a distribution type (queue, and later draw, auction, appointment, timed release, waitlist) plugs into the
 * distribution core. Each type implements it in its own package as a Spring bean; the core finds every
 * implementation through {@link DistributionRegistry} and never imports a type's package (the architecture test
 * fails if it does). Everything here is admin or timer work; a type's consumer routes stay its own.
 */
public interface DistributionType {

    /** The {@code type} of its rows in {@code /distributions} and the {@code distributionType} claim of its grants. */
    String name();

    /** The prefix of its public ids ({@code queue} in {@code queue_…}), which tells the core whose a path id is. */
    String idPrefix();

    // ---- The admin distributions view ------------------------------------------------------------------------

    /**
     * The rows of the caller's tenant with these uuids, in any order ({@code GET /distributions}: the core pages the
     * {@code distributions} view, V7, and asks each type once per page for its rows). An id with no row (deleted since
     * the page was read) is simply left out. A type's table joins that view in the type's own migration.
     */
    Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids);

    /** One row of the caller's tenant by its uuid; empty when there is none (the core answers 404). */
    Mono<DistributionView> find(InternalContext context, UUID id);

    /** The rows under these experiences, in creation order ({@code include=distributions}). */
    Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds);

    // ---- Participants ----------------------------------------------------------------------------------------

    /**
     * Its consumer list: the filters it accepts (a {@code status} filter names the type's participant statuses in the
     * order a 400 lists them) and its arrival order, declared once with the shared list piece.
     */
    KeysetList<EntryResponse.Row> participantList();

    /**
     * One page of the participants of a distribution the core has already found for the caller's tenant: the type's
     * scoped query with {@code keyset}'s filters, order and limit appended ({@link Keyset#sql()}).
     */
    Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset);

    // ---- Timers ----------------------------------------------------------------------------------------------

    /**
     * Does what job {@code job.kind()} of one of its distributions means (a queue: publish {@code distribution.opened} or
     * {@code distribution.closed}). It runs inside the transaction that marks the job done, and its writes commit only
     * if this claim still holds the job; it must still be idempotent (a run may roll back and run again) and read the
     * row as it is now (the distribution may have been stopped or deleted since the job was armed).
     */
    Mono<Void> onTimer(TimerJob job);
}

package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.DistributionType;
import io.dropline.experiences.access.distribution.DistributionView;
import io.dropline.experiences.access.distribution.EntryResponse;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The timed release as a distribution type: its admin rows, its consumer list (timed_release_entries) and its timers
 * ({@code open} and {@code close}: {@code distribution.opened} / {@code distribution.closed}). Its grants need no
 * expiry job: a grant's record carries its expiry (closeAt), which validate and complete check.
 */
@Component
class TimedReleaseDistribution implements DistributionType {

    static final List<String> STATUSES = List.of("GRANTED", "LEFT", "COMPLETED", "DENIED");
    private static final KeysetList<EntryResponse.Row> LIST = Participants.list(STATUSES);

    private final TimedReleaseService releases;
    private final TimedReleaseRepository repository;
    private final Participants participants;
    private final DistributionEvents events;

    TimedReleaseDistribution(TimedReleaseService releases, TimedReleaseRepository repository, Participants participants,
            DistributionEvents events) {
        this.releases = releases;
        this.repository = repository;
        this.participants = participants;
        this.events = events;
    }

    @Override
    public String name() {
        return TimedReleaseIds.TYPE;
    }

    @Override
    public String idPrefix() {
        return TimedReleaseIds.PREFIX;
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        Instant now = releases.now();
        return repository.findByIds(context, ids).map(entity -> TimedReleaseResponse.from(entity, now));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> TimedReleaseResponse.from(entity, releases.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return releases.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return LIST;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return participants.page(TimedReleaseEntries.TABLE, context, id, keyset);
    }

    /** Open and close announce the change; a release deleted since has nothing to announce. */
    @Override
    public Mono<Void> onTimer(TimerJob job) {
        return repository.findAnyById(job.distributionId())
                .flatMap(release -> switch (job.kind()) {
                    case DistributionTimers.OPEN -> release.stopped() ? Mono.<Void>empty() : events.opened(release.ref(), job.dueAt());
                    case DistributionTimers.CLOSE -> participants.count(TimedReleaseEntries.TABLE, release.id(), STATUSES)
                            .flatMap(total -> events.closed(release.ref(), job.dueAt(), total));
                    default -> Mono.<Void>error(new IllegalArgumentException("Not a timed release timer: " + job.kind()));
                });
    }
}

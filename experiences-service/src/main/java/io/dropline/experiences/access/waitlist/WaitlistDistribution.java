package io.dropline.experiences.access.waitlist;

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
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The waitlist as a distribution type: admin rows, its sign-ups as the consumer list, open/close and its waves as timers. */
@Component
class WaitlistDistribution implements DistributionType {

    private static final KeysetList<EntryResponse.Row> LIST = Participants.list(WaitlistEntries.STATUSES);

    private final WaitlistService waitlists;
    private final WaitlistRepository repository;
    private final Participants participants;
    private final DistributionEvents events;
    private final WaitlistWaves waves;

    WaitlistDistribution(WaitlistService waitlists, WaitlistRepository repository, Participants participants, DistributionEvents events,
            WaitlistWaves waves) {
        this.waitlists = waitlists;
        this.repository = repository;
        this.participants = participants;
        this.events = events;
        this.waves = waves;
    }

    @Override
    public String name() {
        return WaitlistIds.TYPE;
    }

    @Override
    public String idPrefix() {
        return WaitlistIds.PREFIX;
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        Instant now = waitlists.now();
        return repository.findByIds(context, ids).map(entity -> WaitlistResponse.from(entity, now));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> WaitlistResponse.from(entity, waitlists.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return waitlists.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return LIST;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return participants.page(WaitlistEntries.TABLE, context, id, keyset);
    }

    @Override
    public Mono<Void> onTimer(TimerJob job) {
        OptionalInt wave = WaitlistWaves.wave(job.kind());
        if (wave.isPresent()) {
            return waves.run(job, wave.getAsInt());
        }
        return repository.findAnyById(job.distributionId())
                .flatMap(waitlist -> switch (job.kind()) {
                    case DistributionTimers.OPEN -> waitlist.stopped() ? Mono.<Void>empty() : events.opened(waitlist.ref(), job.dueAt());
                    case DistributionTimers.CLOSE -> participants.count(WaitlistEntries.TABLE, waitlist.id(), WaitlistEntries.STATUSES)
                            .flatMap(total -> events.closed(waitlist.ref(), job.dueAt(), total));
                    default -> Mono.<Void>error(new IllegalArgumentException("Not a waitlist timer: " + job.kind()));
                });
    }
}

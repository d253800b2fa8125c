package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.experiences.access.distribution.DistributionType;
import io.dropline.experiences.access.distribution.DistributionView;
import io.dropline.experiences.access.distribution.EntryResponse;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The queue as a distribution type: what the distribution core asks of it. */
@Component
class QueueDistribution implements DistributionType {

    private final QueueService queues;
    private final QueueRepository repository;
    private final EntryRepository entries;
    private final QueueTimers timers;

    QueueDistribution(QueueService queues, QueueRepository repository, EntryRepository entries, QueueTimers timers) {
        this.queues = queues;
        this.repository = repository;
        this.entries = entries;
        this.timers = timers;
    }

    @Override
    public String name() {
        return QueueTimers.TYPE;
    }

    @Override
    public String idPrefix() {
        return QueueIds.PREFIX;
    }

    @Override
    public Mono<Void> onTimer(TimerJob job) {
        return timers.onTimer(job);
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        Instant now = queues.now();
        return repository.findByIds(context, ids).map(entity -> QueueResponse.from(entity, now));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> QueueResponse.from(entity, queues.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return queues.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return EntryRepository.LIST;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return entries.page(context, id, keyset);
    }
}

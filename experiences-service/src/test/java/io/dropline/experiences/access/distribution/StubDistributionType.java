package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import java.util.Collection;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A test-only distribution type that has nothing: no rows, no participants, nothing to do at a timer. A test's fake
 * type implements it and overrides only what the test is about (admin rows, a timer handler).
 */
interface StubDistributionType extends DistributionType {

    @Override
    default Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        return Flux.empty();
    }

    @Override
    default Mono<DistributionView> find(InternalContext context, UUID id) {
        return Mono.empty();
    }

    @Override
    default Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return Flux.empty();
    }

    @Override
    default KeysetList<EntryResponse.Row> participantList() {
        return KeysetList.<EntryResponse.Row>builder()
                .fixedOrder(KeyColumn.longInteger("seq", EntryResponse.Row::seq), false)
                .build();
    }

    @Override
    default Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return Flux.empty();
    }

    @Override
    default Mono<Void> onTimer(TimerJob job) {
        return Mono.empty();
    }
}

package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.line.QueueSettings;
import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /distributions}: every distribution of the tenant in one list (queues so far), and their participants. */
@Service
public class DistributionService {

    private final QueueService queues;
    private final EntryRepository entries;
    private final CursorCodec cursors;

    DistributionService(QueueService queues, EntryRepository entries, CursorCodec cursors) {
        this.queues = queues;
        this.entries = entries;
        this.cursors = cursors;
    }

    Mono<ListResponse<DistributionResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return queues.listDistributions(context, params).map(page -> page.map(DistributionResponse::of));
    }

    /** By its typed id; only {@code queue_…} ids exist so far, anything else is "Distribution not found". */
    Mono<DistributionResponse> get(InternalContext context, String id) {
        return queues.get(context, id)
                .onErrorMap(ApiException.class, notFound -> notFound(notFound))
                .map(DistributionResponse::of);
    }

    /** The consumers of a distribution in arrival order, with the position of those still waiting. */
    Mono<ListResponse<EntryResponse>> consumers(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> EntryRepository.LIST.parse(params))
                .flatMap(query -> queues.settings(context, id)
                        .onErrorMap(ApiException.class, notFound -> notFound(notFound))
                        .flatMap(queue -> entryPage(context, queue, query)));
    }

    private Mono<ListResponse<EntryResponse>> entryPage(InternalContext context, QueueSettings queue, ListQuery<EntryResponse.Row> query) {
        Keyset<EntryResponse.Row> keyset = query.keyset(cursors, "entries", queue.id().toString(),
                context.organizationId().toString(), context.environment().name());
        return keyset.page(entries.page(context, queue.id(), keyset), EntryResponse.Row::entry);
    }

    /** The distributions of these experiences (for {@code include=distributions}). */
    public Flux<DistributionResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return queues.ofExperiences(context, experienceIds).map(DistributionResponse::of);
    }

    private static ApiException notFound(ApiException error) {
        return error.status().value() == 404 ? ApiException.notFound("Distribution") : error;
    }
}

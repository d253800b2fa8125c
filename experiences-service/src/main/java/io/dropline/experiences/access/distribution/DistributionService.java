package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.InvalidCursorException;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.page.Pages;
import io.dropline.contracts.web.QueryParams;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.line.QueueSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /distributions}: every distribution of the tenant in one list (queues so far), and their participants. */
@Service
public class DistributionService {

    private static final Set<String> ENTRY_PARAMETERS = Set.of("first", "after", "last", "before", "status");
    private static final Set<String> STATUSES = Set.of("QUEUED", "GRANTED", "LEFT", "COMPLETED", "DENIED");

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
        return Mono.fromSupplier(() -> EntryQuery.parse(params))
                .flatMap(query -> queues.settings(context, id)
                        .onErrorMap(ApiException.class, notFound -> notFound(notFound))
                        .flatMap(queue -> entryPage(context, queue, query)));
    }

    private Mono<ListResponse<EntryResponse>> entryPage(InternalContext context, QueueSettings queue, EntryQuery query) {
        String binding = String.join("|", "entries", queue.id().toString(), context.organizationId().toString(),
                context.environment().name(), String.valueOf(query.status()));
        Long cursorSeq = query.page().cursor() == null ? null
                : seq(query.page(), cursors.decode(binding, query.page().cursor(), 1, query.page().cursorField()).get(0));
        return entries.page(context, queue.id(), query.status(), query.page(), cursorSeq)
                .collectList()
                .map(rows -> Pages.assemble(rows, query.page(),
                        row -> cursors.encode(binding, List.of(Long.toString(row.seq()))), EntryResponse.Row::entry));
    }

    /** The distributions of these experiences (for {@code include=distributions}). */
    public Flux<DistributionResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return queues.ofExperiences(context, experienceIds).map(DistributionResponse::of);
    }

    record EntryQuery(String status, PageRequest page) {

        static EntryQuery parse(MultiValueMap<String, String> raw) {
            QueryParams params = QueryParams.only(raw, ENTRY_PARAMETERS);
            List<FieldError> errors = new ArrayList<>();
            String status = params.get("status");
            if (status != null && !STATUSES.contains(status)) {
                errors.add(new FieldError("status", "Must be one of QUEUED, GRANTED, LEFT, COMPLETED, DENIED"));
            }
            PageRequest page = null;
            try {
                page = PageRequest.of(params.get("first"), params.get("after"), params.get("last"), params.get("before"));
            } catch (ApiException invalidPage) {
                errors.addAll(invalidPage.details());
            }
            if (!errors.isEmpty()) {
                throw ApiException.validation(errors);
            }
            return new EntryQuery(status, page);
        }
    }

    private static Long seq(PageRequest page, String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException foreign) {
            throw new InvalidCursorException(page.cursorField());
        }
    }

    private static ApiException notFound(ApiException error) {
        return error.status().value() == 404 ? ApiException.notFound("Distribution") : error;
    }
}

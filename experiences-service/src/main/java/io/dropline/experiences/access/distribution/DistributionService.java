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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /distributions}: every distribution of the tenant in one list, whatever its type, and their participants.
 * The types come from {@link DistributionRegistry}; this class names none of them.
 */
@Service
public class DistributionService {

    private static final Set<String> ENTRY_PARAMETERS = Set.of("first", "after", "last", "before", "status");

    private final DistributionRegistry types;
    private final CursorCodec cursors;

    DistributionService(DistributionRegistry types, CursorCodec cursors) {
        this.types = types;
        this.cursors = cursors;
    }

    /**
     * One keyset list across several types needs their shared columns in one table (the shared {@code distributions}
     * row, ADR 0009); until it exists the one registered type lists itself, filters and cursors included.
     */
    Mono<ListResponse<DistributionResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        List<DistributionType> all = types.all();
        if (all.size() != 1) {
            return Mono.error(new IllegalStateException("Listing " + all.size() + " distribution types needs the shared distributions row"));
        }
        DistributionType only = all.get(0);
        return only.list(context, params).map(page -> page.map(view -> new DistributionResponse(only.name(), view)));
    }

    /** By its typed id; an id of no registered type, or of another tenant, is "Distribution not found". */
    Mono<DistributionResponse> get(InternalContext context, String id) {
        return found(context, id)
                .map(found -> new DistributionResponse(found.typed().type().name(), found.view()));
    }

    /** The consumers of a distribution in arrival order (with the position of those still waiting in a queue). */
    Mono<ListResponse<EntryResponse>> consumers(InternalContext context, String id, MultiValueMap<String, String> params) {
        Optional<DistributionRegistry.Typed> typed = types.resolve(id);
        return Mono.fromSupplier(() -> EntryQuery.parse(params, types.participantStatuses(typed)))
                .flatMap(query -> found(context, id)
                        .flatMap(found -> entryPage(context, found.typed(), query)));
    }

    private Mono<Found> found(InternalContext context, String id) {
        return Mono.justOrEmpty(types.resolve(id))
                .flatMap(typed -> typed.type().find(context, typed.id()).map(view -> new Found(typed, view)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Distribution")));
    }

    private record Found(DistributionRegistry.Typed typed, DistributionView view) {
    }

    private Mono<ListResponse<EntryResponse>> entryPage(InternalContext context, DistributionRegistry.Typed typed, EntryQuery query) {
        String binding = String.join("|", "entries", typed.id().toString(), context.organizationId().toString(),
                context.environment().name(), String.valueOf(query.status()));
        Long cursorSeq = query.page().cursor() == null ? null
                : seq(query.page(), cursors.decode(binding, query.page().cursor(), 1, query.page().cursorField()).get(0));
        return typed.type().participants(context, typed.id(), query.status(), query.page(), cursorSeq)
                .collectList()
                .map(rows -> Pages.assemble(rows, query.page(),
                        row -> cursors.encode(binding, List.of(Long.toString(row.seq()))), EntryResponse.Row::entry));
    }

    /** The distributions of these experiences (for {@code include=distributions}), type after type. */
    public Flux<DistributionResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return Flux.fromIterable(types.all())
                .concatMap(type -> type.ofExperiences(context, experienceIds).map(view -> new DistributionResponse(type.name(), view)));
    }

    record EntryQuery(String status, PageRequest page) {

        static EntryQuery parse(MultiValueMap<String, String> raw, List<String> statuses) {
            QueryParams params = QueryParams.only(raw, ENTRY_PARAMETERS);
            List<FieldError> errors = new ArrayList<>();
            String status = params.get("status");
            if (status != null && !statuses.contains(status)) {
                errors.add(new FieldError("status", "Must be one of " + String.join(", ", statuses)));
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
}

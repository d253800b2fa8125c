package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
        return Mono.fromSupplier(() -> types.participantList(typed).parse(params))
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

    private Mono<ListResponse<EntryResponse>> entryPage(InternalContext context, DistributionRegistry.Typed typed,
            ListQuery<EntryResponse.Row> query) {
        Keyset<EntryResponse.Row> keyset = query.keyset(cursors, "entries", typed.id().toString(),
                context.organizationId().toString(), context.environment().name());
        return keyset.page(typed.type().participants(context, typed.id(), keyset), EntryResponse.Row::entry);
    }

    /** The distributions of these experiences (for {@code include=distributions}), type after type. */
    public Flux<DistributionResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return Flux.fromIterable(types.all())
                .concatMap(type -> type.ofExperiences(context, experienceIds).map(view -> new DistributionResponse(type.name(), view)));
    }
}

package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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
    private final DistributionRepository repository;
    private final CursorCodec cursors;

    DistributionService(DistributionRegistry types, DistributionRepository repository, CursorCodec cursors) {
        this.types = types;
        this.repository = repository;
        this.cursors = cursors;
    }

    /**
     * One keyset list across every type: the page's (type, id) come in order from the {@code distributions} view (V7),
     * then each type on the page is asked once for its rows, which are put back in that order. Cursors, filters and
     * their errors are those the queue's own list had ({@link DistributionRepository#list()}).
     */
    Mono<ListResponse<DistributionResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> repository.list().parse(params).keyset(cursors, KeysetList.tenant("distributions", context)))
                .flatMap(keyset -> repository.page(context, keyset).collectList().map(listed -> keyset.assemble(listed, Function.identity())))
                .flatMap(page -> rowsOf(context, page.data()).map(rows -> inListOrder(page, rows)));
    }

    /** The rows of a page's distributions by public id: one call per type on the page. */
    private Mono<Map<String, DistributionResponse>> rowsOf(InternalContext context, List<DistributionRepository.Listed> listed) {
        Map<String, List<UUID>> idsByType = new LinkedHashMap<>();
        listed.forEach(row -> idsByType.computeIfAbsent(row.type(), type -> new ArrayList<>()).add(row.id()));
        return Flux.fromIterable(idsByType.entrySet())
                .concatMap(ids -> rowsOfType(context, ids.getKey(), ids.getValue()))
                .collectMap(row -> row.view().id());
    }

    private Flux<DistributionResponse> rowsOfType(InternalContext context, String name, List<UUID> ids) {
        // The view names only registered types' tables; a branch without its type bean is a deployment error.
        DistributionType type = types.byName(name)
                .orElseThrow(() -> new IllegalStateException("The distributions view lists type " + name + ", which is not registered"));
        return type.findAll(context, ids).map(view -> new DistributionResponse(name, view));
    }

    /** The page with each listed distribution's row in its place; one deleted since the page was read is left out. */
    private ListResponse<DistributionResponse> inListOrder(ListResponse<DistributionRepository.Listed> page,
            Map<String, DistributionResponse> rows) {
        List<DistributionResponse> data = new ArrayList<>(page.data().size());
        for (DistributionRepository.Listed listed : page.data()) {
            DistributionResponse row = rows.get(Ids.format(types.byName(listed.type()).orElseThrow().idPrefix(), listed.id()));
            if (row != null) {
                data.add(row);
            }
        }
        return new ListResponse<>(data, page.pageInfo());
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

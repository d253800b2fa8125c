package io.dropline.experiences.access.participation;

import io.dropline.contracts.id.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code { consumerId, queues: { "queue_…": ActiveQueue }, draws: { "draw_…": ActiveDraw } }}, newest entry first. */
record ParticipationsResponse(String consumerId, Map<String, ActiveQueue> queues, Map<String, ActiveDraw> draws) {

    static ParticipationsResponse of(UUID consumer, List<ActiveQueue> active, List<ActiveDraw> draws) {
        return new ParticipationsResponse(Ids.format("cons", consumer), active.stream()
                .collect(Collectors.toMap(ActiveQueue::queueId, Function.identity(), (first, second) -> first, LinkedHashMap::new)),
                draws.stream().collect(Collectors.toMap(ActiveDraw::drawId, Function.identity(), (first, second) -> first, LinkedHashMap::new)));
    }
}

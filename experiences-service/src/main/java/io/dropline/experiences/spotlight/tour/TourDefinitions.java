package io.dropline.experiences.spotlight.tour;

import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates tour bodies into the canonical working definition: {@code title}, {@code description}, {@code steps}
 * (sorted by {@code order}) and the shared delivery fields. Create starts from the defaults; update applies only
 * the fields given.
 */
final class TourDefinitions {

    static final int MAX_STEPS = 50;
    private static final Set<String> FIELDS = Stream.concat(Stream.of("title", "description", "steps"), DeliveryFields.NAMES.stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> STEP_FIELDS = Set.of("step_id", "order", "title", "body", "element_target", "position");
    private static final Set<String> POSITIONS = Set.of("auto", "top", "bottom", "left", "right", "center");

    private TourDefinitions() {
    }

    static ObjectNode create(JsonNode body) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, FIELDS, "");
        if (!JsonInput.has(body, "title")) {
            throw SpotlightErrors.badRequest("title", "Required");
        }
        ObjectNode definition = JsonMapper.shared().createObjectNode();
        definition.put("title", "");
        definition.put("description", "");
        definition.putArray("steps");
        DeliveryFields.putDefaults(definition);
        return apply(body, definition);
    }

    static ObjectNode update(JsonNode body, ObjectNode current) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, FIELDS, "");
        return apply(body, current.deepCopy());
    }

    private static ObjectNode apply(JsonNode body, ObjectNode definition) {
        if (body.has("title")) {
            definition.put("title", JsonInput.nonBlank(body, "title", "", 200).trim());
        }
        if (body.has("description")) {
            String description = JsonInput.optionalString(body, "description", "", 2000);
            definition.put("description", description == null ? "" : description);
        }
        if (body.has("steps")) {
            definition.set("steps", steps(body.get("steps")));
        }
        DeliveryFields.apply(body, definition);
        return definition;
    }

    private static ArrayNode steps(JsonNode value) {
        if (!value.isArray()) {
            throw SpotlightErrors.badRequest("steps", "Must be an array");
        }
        if (value.size() > MAX_STEPS) {
            throw SpotlightErrors.unprocessable("steps", "At most " + MAX_STEPS + " steps");
        }
        List<ObjectNode> steps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Integer> orders = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            String at = "steps[" + i + "]";
            ObjectNode step = JsonInput.object(value.get(i), at);
            JsonInput.rejectUnknown(step, STEP_FIELDS, at);
            String id = JsonInput.nonBlank(step, "step_id", at, 100);
            if (!ids.add(id)) {
                throw SpotlightErrors.unprocessable(at + ".step_id", "Duplicate step_id '" + id + "'");
            }
            if (!JsonInput.has(step, "order")) {
                throw SpotlightErrors.badRequest(at + ".order", "Required");
            }
            int order = JsonInput.integer(step.get("order"), at + ".order", 0, MAX_STEPS * 20L);
            if (!orders.add(order)) {
                throw SpotlightErrors.unprocessable(at + ".order", "Duplicate order " + order);
            }
            String title = JsonInput.requiredString(step, "title", at, 200);
            String text = JsonInput.requiredString(step, "body", at, 5000);
            if (!JsonInput.has(step, "element_target")) {
                throw SpotlightErrors.unprocessable(at + ".element_target", "Required");
            }
            ObjectNode canonical = JsonMapper.shared().createObjectNode()
                    .put("step_id", id).put("order", order).put("title", title).put("body", text);
            canonical.set("element_target", DeliveryFields.elementTarget(step.get("element_target"), at + ".element_target"));
            canonical.put("position", JsonInput.has(step, "position") ? JsonInput.oneOf(step.get("position"), at + ".position", POSITIONS) : "auto");
            steps.add(canonical);
        }
        steps.sort(Comparator.comparingInt(step -> step.get("order").intValue()));
        ArrayNode array = JsonMapper.shared().createArrayNode();
        steps.forEach(array::add);
        return array;
    }
}

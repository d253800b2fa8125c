package io.dropline.experiences.spotlight.content;

import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.SpotlightErrors;
import io.dropline.experiences.spotlight.targeting.DeliveryFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates content bodies into the canonical definition: {@code title}, {@code body} (text, or an object for
 * type-specific content such as checklists), {@code element_target}, {@code cta_text}, {@code cta_url} and the
 * shared delivery fields. {@code content_type} is chosen at create and never changes.
 */
final class ContentDefinitions {

    static final Set<String> TYPES = Set.of("tooltip", "spotlight", "banner", "modal", "hotspot", "checklist");
    /** Types anchored to an element of the page. */
    private static final Set<String> TARGETED = Set.of("tooltip", "spotlight", "hotspot");
    private static final Set<String> FIELDS = Stream.concat(Stream.of("content_type", "title", "body", "element_target", "cta_text", "cta_url"),
            DeliveryFields.NAMES.stream()).collect(Collectors.toUnmodifiableSet());
    private static final int MAX_BODY_JSON = 16_384;

    private ContentDefinitions() {
    }

    static String type(JsonNode body) {
        JsonInput.object(body, "");
        if (!JsonInput.has(body, "content_type")) {
            throw SpotlightErrors.badRequest("content_type", "Required");
        }
        return JsonInput.oneOf(body.get("content_type"), "content_type", TYPES);
    }

    static ObjectNode create(String type, JsonNode body) {
        JsonInput.rejectUnknown(body, FIELDS, "");
        if (!JsonInput.has(body, "title")) {
            throw SpotlightErrors.badRequest("title", "Required");
        }
        ObjectNode definition = JsonMapper.shared().createObjectNode();
        definition.put("title", "");
        definition.put("body", "");
        definition.putNull("element_target");
        definition.putNull("cta_text");
        definition.putNull("cta_url");
        DeliveryFields.putDefaults(definition);
        return apply(type, body, definition);
    }

    static ObjectNode update(String type, JsonNode body, ObjectNode current) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, FIELDS, "");
        if (body.has("content_type") && !type.equals(body.get("content_type").asString(""))) {
            throw SpotlightErrors.unprocessable("content_type", "Cannot change after creation");
        }
        return apply(type, body, current.deepCopy());
    }

    private static ObjectNode apply(String type, JsonNode body, ObjectNode definition) {
        if (body.has("title")) {
            definition.put("title", JsonInput.nonBlank(body, "title", "", 200).trim());
        }
        if (body.has("body")) {
            definition.set("body", text(body.get("body")));
        }
        if (body.has("element_target")) {
            definition.set("element_target", body.get("element_target").isNull() ? body.get("element_target")
                    : DeliveryFields.elementTarget(body.get("element_target"), "element_target"));
        }
        if (body.has("cta_text")) {
            String text = JsonInput.optionalString(body, "cta_text", "", 80);
            definition.put("cta_text", text);
        }
        if (body.has("cta_url")) {
            String url = JsonInput.optionalString(body, "cta_url", "", 2048);
            definition.put("cta_url", url == null ? null : safeUrl(url));
        }
        DeliveryFields.apply(body, definition);
        if (TARGETED.contains(type) && definition.get("element_target").isNull()) {
            throw SpotlightErrors.unprocessable("element_target", "Required for content type " + type);
        }
        return definition;
    }

    private static JsonNode text(JsonNode value) {
        if (value.isNull()) {
            return JsonMapper.shared().getNodeFactory().stringNode("");
        }
        if (value.isString()) {
            JsonInput.string(value, "body", 5000);
            return value;
        }
        if (value.isObject()) {
            if (JsonMapper.shared().writeValueAsString(value).length() > MAX_BODY_JSON) {
                throw SpotlightErrors.unprocessable("body", "Must be at most " + MAX_BODY_JSON + " characters of JSON");
            }
            JsonInput.portable(value, "body");
            return value.deepCopy();
        }
        throw SpotlightErrors.badRequest("body", "Must be a string or an object");
    }

    /**
     * A CTA link is a same-site path ({@code /docs/reports}) or an absolute https URL; anything a browser could run
     * or that leaves https ({@code javascript:}, {@code data:}, {@code http:}, protocol-relative {@code //host}) is 422.
     */
    static String safeUrl(String url) {
        if (url.isEmpty() || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '\\' || c > 0x7e)) {
            throw SpotlightErrors.unprocessable("cta_url", "Must be a relative path or an https URL without spaces or control characters");
        }
        if (url.startsWith("/") && !url.startsWith("//")) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException invalid) {
            // reported below
        }
        throw SpotlightErrors.unprocessable("cta_url", "Must be a relative path (/…) or an https URL");
    }
}

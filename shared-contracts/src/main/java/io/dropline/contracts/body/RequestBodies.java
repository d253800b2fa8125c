package io.dropline.contracts.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place request bodies become typed request records: binds the JSON object to the record (with the
 * application's strict {@link JsonMapper}), validates it with Bean Validation, and turns everything wrong — unknown
 * fields, values of the wrong JSON kind, nested objects that are not objects, constraint violations, and the
 * caller's own cross-field checks — into one 400 "Validation failed" with one entry per bad field, every bad field
 * at once, in the order the record declares its fields (unknown fields first). Malformed JSON never gets here: the
 * controller's {@code @RequestBody JsonNode} has already been parsed, and its failures keep their own answers.
 */
public final class RequestBodies {

    private static final String UNKNOWN = "Unknown field";
    private static final String NOT_AN_OBJECT = "Must be an object";

    private final JsonMapper mapper;
    private final Validator validator;

    public RequestBodies(JsonMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** {@code body} as a valid {@code type}, or a 400 listing every bad field. */
    public <T> T read(JsonNode body, Class<T> type) {
        return read(body, type, value -> List.of());
    }

    /**
     * As {@link #read(JsonNode, Class)}, with {@code crossChecks} (rules across fields, e.g. a window's end after its
     * start) reported together with the rest. They run on every bound value, valid or not, so they must only
     * judge fields that are themselves valid.
     */
    public <T> T read(JsonNode body, Class<T> type, Function<T, List<FieldError>> crossChecks) {
        List<FieldError> errors = new ArrayList<>();
        T value = read(body, type, "", crossChecks, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return value;
    }

    /**
     * One element of a larger body (a batch item): its problems are added to {@code errors} with {@code prefix}
     * before each field, and the value is returned (null if it could not be bound at all). A body that is not an
     * object is said to be so, and read as an empty one, so its required fields are listed too, as for nested objects.
     */
    public <T> T read(JsonNode node, Class<T> type, String prefix, Function<T, List<FieldError>> crossChecks,
            List<FieldError> errors) {
        List<Problem> problems = new ArrayList<>();
        FieldOrder order = new FieldOrder(type);
        boolean object = node != null && node.isObject();
        if (!object) {
            problems.add(new Problem("body", NOT_AN_OBJECT, 0, null));
        }
        T value;
        try {
            value = mapper.readerFor(type).withHandler(new Collector(problems)).readValue(object ? node : mapper.createObjectNode());
        } catch (JacksonException unreadable) {
            // Kinds of trouble the collector does not handle: the first one answers as the error mapping does.
            problems.add(new Problem(path(unreadable), "Invalid value", 0, null));
            value = null;
        }
        if (value != null) {
            for (ConstraintViolation<T> violation : validator.validate(value)) {
                boolean classLevel = violation.getInvalidValue() == violation.getLeafBean();
                String path = order.jsonPath(jsonPath(violation.getPropertyPath()));
                HibernateConstraintViolation<?> hibernate = violation.unwrap(HibernateConstraintViolation.class);
                ListedBefore before = hibernate.getDynamicPayload(ListedBefore.class);
                problems.add(new Problem(path, violation.getMessage(), classLevel ? 1 : 2,
                        before == null ? null : order.before(path, before.field())));
            }
            for (FieldError cross : crossChecks.apply(value)) {
                problems.add(new Problem(cross.field(), cross.message(), 1, order.afterSiblings(cross.field())));
            }
        }
        Map<String, FieldError> one = new LinkedHashMap<>();
        problems.stream()
                .sorted(Comparator.comparing((Problem p) -> p.key() != null ? p.key() : order.key(p.path()), FieldOrder.KEYS)
                        .thenComparingInt(Problem::rank).thenComparing(Problem::message))
                .forEach(p -> one.putIfAbsent(p.path(), new FieldError(prefixed(prefix, p.path()), p.message())));
        errors.addAll(one.values());
        return value;
    }

    /** {@code consumers[3].email}; the item itself ({@code consumers[3]}) for {@code body}. */
    private static String prefixed(String prefix, String path) {
        return prefix.isEmpty() ? path : path.equals("body") ? prefix : prefix + "." + path;
    }

    /**
     * A bad field before ordering; {@code rank} breaks ties on one field: binding, then cross-field, then field rules.
     * {@code key} places it elsewhere than its field's own place (null: there).
     */
    private record Problem(String path, String message, int rank, List<Integer> key) {
    }

    /**
     * A dynamic payload (Hibernate Validator's {@code withDynamicPayload}) for a class-level rule whose problem is
     * listed just before another field of the same object, where a client has always seen it.
     */
    public record ListedBefore(String field) {
    }

    /** Collects what strict binding would stop at, so binding goes on and reports it with everything else. */
    private static final class Collector extends DeserializationProblemHandler {

        private final List<Problem> problems;

        Collector(List<Problem> problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) {
            problems.add(new Problem(path(p.streamReadContext()), UNKNOWN, 0, null));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) {
            return notAnObject(ctxt, targetType.getRawClass(), p);
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, ValueInstantiator valueInsta,
                JsonParser p, String msg) {
            return notAnObject(ctxt, instClass, p);
        }

        /** A list element that should be an object: reported, and read as an empty one so its required fields are too. */
        private Object notAnObject(DeserializationContext ctxt, Class<?> type, JsonParser p) {
            if (!type.isRecord()) {
                return NOT_HANDLED;
            }
            problems.add(new Problem(path(p.streamReadContext()), NOT_AN_OBJECT, 0, null));
            p.skipChildren();
            return ctxt.readTreeAsValue(ctxt.getNodeFactory().objectNode(), type);
        }
    }

    /** {@code sequence.queues[1].name} from where the parser is. */
    private static String path(TokenStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            parts.add(0, at.inArray() ? "[" + at.getCurrentIndex() + "]" : "." + at.currentName());
        }
        return join(parts);
    }

    private static String path(JacksonException error) {
        List<String> parts = new ArrayList<>();
        for (JacksonException.Reference ref : error.getPath()) {
            parts.add(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
        }
        return join(parts);
    }

    /** A violation's path with JSON names: Bean Validation names record components, and numbers list elements. */
    private static String jsonPath(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                parts.add("[" + node.getIndex() + "]");
            }
            if (node.getName() != null && (node.getKind() == jakarta.validation.ElementKind.PROPERTY)) {
                parts.add("." + node.getName());
            }
        }
        return join(parts);
    }

    private static String join(List<String> parts) {
        String joined = String.join("", parts);
        joined = joined.startsWith(".") ? joined.substring(1) : joined;
        return joined.isEmpty() ? "body" : joined;
    }

    /**
     * Orders field paths as the record declares its components (nested records and lists followed), so the details
     * read top to bottom; unknown names come first at their level. Names are the JSON names ({@code @JsonProperty}).
     */
    private static final class FieldOrder {

        static final Comparator<List<Integer>> KEYS = (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = Integer.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };

        private final Class<?> root;

        FieldOrder(Class<?> root) {
            this.root = root;
        }

        List<Integer> key(String path) {
            List<Integer> key = new ArrayList<>();
            walk(path, true, key, new StringBuilder());
            return key;
        }

        /** The place just before {@code field}, a sibling of {@code path}. */
        List<Integer> before(String path, String field) {
            int dot = path.lastIndexOf('.');
            List<Integer> key = new ArrayList<>(key(dot < 0 ? field : path.substring(0, dot) + "." + field));
            key.set(key.size() - 1, key.get(key.size() - 1) - 1);
            return key;
        }

        /** The place after every field of the object {@code path} is in: cross-field checks come after its fields. */
        List<Integer> afterSiblings(String path) {
            List<Integer> key = new ArrayList<>(key(path));
            key.set(key.size() - 1, Integer.MAX_VALUE);
            return key;
        }

        /** A path of component names as JSON names ({@code userId} → {@code user_id}). */
        String jsonPath(String javaPath) {
            StringBuilder json = new StringBuilder();
            walk(javaPath, false, new ArrayList<>(), json);
            return json.toString();
        }

        private void walk(String path, boolean byJsonName, List<Integer> key, StringBuilder json) {
            if (path.equals("body")) {
                key.add(-2);
                json.append(path);
                return;
            }
            Type at = root;
            for (String segment : path.replace("[", ".[").split("\\.")) {
                if (segment.isEmpty()) {
                    continue;
                }
                if (segment.startsWith("[")) {
                    key.add(Integer.parseInt(segment.substring(1, segment.length() - 1)));
                    json.append(segment);
                    continue;
                }
                String name = segment;
                Class<?> record = rawClass(at);
                RecordComponent[] components = record != null && record.isRecord() ? record.getRecordComponents() : new RecordComponent[0];
                int index = -1;
                for (int i = 0; i < components.length; i++) {
                    if ((byJsonName ? jsonName(components[i]) : components[i].getName()).equals(segment)) {
                        index = i;
                        name = jsonName(components[i]);
                        at = element(components[i].getGenericType());
                        break;
                    }
                }
                key.add(index < 0 ? -1 : 2 * index + 1);
                json.append(json.isEmpty() ? "" : ".").append(name);
                if (index < 0) {
                    at = null;
                }
            }
        }

        private static String jsonName(RecordComponent component) {
            JsonProperty named = component.getAnnotation(JsonProperty.class);
            if (named == null && component.getAccessor() != null) {
                named = component.getAccessor().getAnnotation(JsonProperty.class);
            }
            return named != null && !named.value().isEmpty() ? named.value() : component.getName();
        }

        /** What a component holds once Tristate and collections are looked through. */
        private static Type element(Type type) {
            while (type instanceof ParameterizedType generic && (generic.getRawType() == Tristate.class
                    || Collection.class.isAssignableFrom((Class<?>) generic.getRawType()))) {
                type = generic.getActualTypeArguments()[0];
            }
            return type;
        }

        private static Class<?> rawClass(Type type) {
            return type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
        }
    }
}

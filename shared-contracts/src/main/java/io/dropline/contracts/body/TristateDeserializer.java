package io.dropline.contracts.body;

import java.util.Collection;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@link Tristate}: a missing property is absent, {@code null} is null, a JSON value of the wrong kind for
 * the field's type is skipped as wrong-typed (so binding goes on), anything else is read as the value type. The
 * kinds are checked here rather than left to Jackson's coercion rules, so a number never turns into a string.
 */
final class TristateDeserializer extends ValueDeserializer<Tristate<?>> {

    private final JavaType valueType;

    TristateDeserializer() {
        this(null);
    }

    private TristateDeserializer(JavaType valueType) {
        this.valueType = valueType;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        JavaType type = property != null ? property.getType() : ctxt.getContextualType();
        return new TristateDeserializer(type == null ? ctxt.constructType(Object.class) : type.containedTypeOrUnknown(0));
    }

    @Override
    public Tristate<?> deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!fits(p.currentToken(), p)) {
            p.skipChildren();
            // A nested object of the wrong kind is also read as an empty one, so its missing required fields are
            // listed with it (as the API always has).
            return valueType.isRecordType() ? Tristate.ofWrongType(ctxt.readTreeAsValue(ctxt.getNodeFactory().objectNode(), valueType))
                    : Tristate.ofWrongType();
        }
        Class<?> raw = valueType.getRawClass();
        if (JsonNode.class.isAssignableFrom(raw)) {
            return Tristate.of(ctxt.readTree(p));
        }
        return Tristate.of(ctxt.readValue(p, valueType));
    }

    private boolean fits(JsonToken token, JsonParser p) {
        Class<?> raw = valueType.getRawClass();
        if (raw == String.class) {
            return token == JsonToken.VALUE_STRING;
        }
        if (raw == Integer.class) {
            return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
        }
        if (raw == Long.class) {
            return token == JsonToken.VALUE_NUMBER_INT
                    && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG);
        }
        if (raw == Boolean.class) {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        }
        if (raw == ObjectNode.class || raw.isRecord()) {
            return token == JsonToken.START_OBJECT;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return token == JsonToken.START_ARRAY;
        }
        return true;
    }

    @Override
    public Object getNullValue(DeserializationContext ctxt) {
        return Tristate.ofNull();
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return Tristate.absent();
    }
}

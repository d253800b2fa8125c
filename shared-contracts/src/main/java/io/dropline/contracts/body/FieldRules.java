package io.dropline.contracts.body;

import io.dropline.contracts.id.Ids;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Bean Validation constraints of request-body fields typed {@link Tristate}. Each one owns one state of the
 * field (absent, null, wrong type, value), so a field gets at most one message, and the messages are the API's
 * (the texts clients already see). Text is judged as it will be stored: stripped, and empty meaning null.
 */
public final class FieldRules {

    private FieldRules() {
    }

    /** Absent is an error ("Required"). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = RequiredValidator.class)
    public @interface Required {
        String message() default "Required";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** An explicit null is an error. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = NotNullValidator.class)
    public @interface NotNullValue {
        String message() default "Must not be null";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Any presence is an error (a field that may not be sent here, e.g. one that cannot change after creation). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = NotAllowedValidator.class)
    public @interface NotAllowed {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A string that strips to nothing is an error (where blank may not clear the field). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = NotBlankValidator.class)
    public @interface NotBlankValue {
        String message() default "Must not be blank";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A JSON value of the wrong kind (e.g. a string for a boolean) is an error with this message. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = WellTypedValidator.class)
    public @interface WellTyped {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /**
     * A string field: the wrong kind gets {@code typeMessage}; the stripped text must fit {@code max} and hold no
     * control characters (line breaks and tabs allowed when {@code multiline}); non-empty text must also pass
     * {@code rule}.
     */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = TextValidator.class)
    public @interface Text {
        int max();

        boolean multiline() default false;

        String typeMessage() default "Must be a string or null";

        Class<? extends TextRule> rule() default TextRule.None.class;

        String message() default "Invalid value";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A further check of a stripped, non-empty text (a format, an allowed value). Needs a no-argument constructor. */
    public interface TextRule {

        /** What is wrong with {@code text}, or null. */
        String problem(String text);

        final class None implements TextRule {
            @Override
            public String problem(String text) {
                return null;
            }
        }
    }

    /** An integer in [min, max]; the wrong kind or out of range: "Must be an integer between min and max[ or null]". */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = IntRangeValidator.class)
    public @interface IntRange {
        int min();

        int max();

        /** Whether the message offers null (whether null is allowed is {@link NotNullValue}'s business). */
        boolean orNull() default false;

        String message() default "Invalid value";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A JSON object stored as jsonb text: at most {@code maxChars} as JSON, no U+0000 (jsonb cannot hold it). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = JsonTextValidator.class)
    public @interface JsonText {
        int maxChars();

        String message() default "Invalid value";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A public id with this prefix ({@code exp_…}); the wrong kind, a bad id, or null unless {@code orNull}: one message. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = PublicIdValidator.class)
    public @interface PublicId {
        String prefix();

        boolean orNull() default false;

        String message() default "Invalid value";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** The stored form of a text field: stripped, and empty meaning null. */
    public static Tristate<String> stripped(Tristate<String> text) {
        return text.map(value -> value.strip().isEmpty() ? null : value.strip());
    }

    /** A JSON object field as the jsonb text it is stored as. */
    public static Tristate<String> jsonText(Tristate<? extends JsonNode> json) {
        return json.map(value -> JsonMapper.shared().writeValueAsString(value));
    }

    static boolean hasControlCharacters(String text, boolean multiline) {
        return text.chars().anyMatch(c -> (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7F);
    }

    private static boolean report(ConstraintValidatorContext context, String message) {
        if (message == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message.replace("\\", "\\\\").replace("{", "\\{").replace("$", "\\$"))
                .addConstraintViolation();
        return false;
    }

    public static final class RequiredValidator implements ConstraintValidator<Required, Tristate<?>> {
        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            return field != null && field.present();
        }
    }

    public static final class NotNullValidator implements ConstraintValidator<NotNullValue, Tristate<?>> {
        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            return field == null || !field.isNull();
        }
    }

    public static final class NotAllowedValidator implements ConstraintValidator<NotAllowed, Tristate<?>> {
        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            return field == null || !field.present();
        }
    }

    public static final class NotBlankValidator implements ConstraintValidator<NotBlankValue, Tristate<?>> {
        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            return field == null || !(field.value() instanceof String text && text.strip().isEmpty());
        }
    }

    public static final class WellTypedValidator implements ConstraintValidator<WellTyped, Tristate<?>> {
        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            return field == null || !field.wrongType();
        }
    }

    public static final class TextValidator implements ConstraintValidator<Text, Tristate<?>> {

        private static final Map<Class<? extends TextRule>, TextRule> RULES = new ConcurrentHashMap<>();

        private Text text;

        @Override
        public void initialize(Text annotation) {
            text = annotation;
        }

        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            if (field == null) {
                return true;
            }
            if (field.wrongType()) {
                return report(context, text.typeMessage());
            }
            if (!(field.value() instanceof String raw)) {
                return true;
            }
            String stripped = raw.strip();
            return report(context, stripped.length() > text.max() ? "Must be at most " + text.max() + " characters"
                    : hasControlCharacters(stripped, text.multiline()) ? "Must not contain control characters"
                    : stripped.isEmpty() ? null
                    : rule(text.rule()).problem(stripped));
        }

        private static TextRule rule(Class<? extends TextRule> type) {
            return RULES.computeIfAbsent(type, t -> {
                try {
                    return t.getDeclaredConstructor().newInstance();
                } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
                    throw new IllegalStateException("A text rule needs a public no-argument constructor: " + t, e);
                }
            });
        }
    }

    public static final class IntRangeValidator implements ConstraintValidator<IntRange, Tristate<?>> {

        private IntRange range;

        @Override
        public void initialize(IntRange annotation) {
            range = annotation;
        }

        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            boolean bad = field != null && (field.wrongType()
                    || field.value() instanceof Integer value && (value < range.min() || value > range.max()));
            return report(context, bad ? "Must be an integer between " + range.min() + " and " + range.max()
                    + (range.orNull() ? " or null" : "") : null);
        }
    }

    public static final class JsonTextValidator implements ConstraintValidator<JsonText, Tristate<?>> {

        private int maxChars;

        @Override
        public void initialize(JsonText annotation) {
            maxChars = annotation.maxChars();
        }

        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            if (field == null || !(field.value() instanceof JsonNode json)) {
                return true;
            }
            String text = JsonMapper.shared().writeValueAsString(json);
            return report(context, text.length() > maxChars ? "Must be at most " + maxChars + " characters as JSON"
                    : text.contains("\\u0000") ? "Must not contain U+0000" : null);
        }
    }

    public static final class PublicIdValidator implements ConstraintValidator<PublicId, Tristate<?>> {

        private PublicId id;

        @Override
        public void initialize(PublicId annotation) {
            id = annotation;
        }

        @Override
        public boolean isValid(Tristate<?> field, ConstraintValidatorContext context) {
            boolean good = field == null || !field.present() || field.isNull() && id.orNull()
                    || field.value() instanceof String text && Ids.parse(id.prefix(), text).isPresent();
            return report(context, good ? null : "Must be an id of the form " + id.prefix() + "_…" + (id.orNull() ? " or null" : ""));
        }
    }
}

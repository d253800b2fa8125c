package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.Tristate;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A point in time as written: absolute (with offset) or local (to be read in a time zone). */
public record Moment(Instant instant, LocalDateTime local) {

    /** An ISO-8601 date-time with or without offset (or null); without one it is read later in a time zone. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = DateTimeValidator.class)
    public @interface DateTime {
        String message() default "Must be an ISO-8601 date-time between years 1970 and 9999, e.g. 2030-01-01T10:00:00Z, or null";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class DateTimeValidator implements ConstraintValidator<DateTime, Tristate<String>> {
        @Override
        public boolean isValid(Tristate<String> field, ConstraintValidatorContext context) {
            return field == null || !field.wrongType() && (!field.hasValue() || parse(field.value()) != null);
        }
    }

    /** The moment a valid field holds: null when absent, null or not a date-time. */
    static Tristate<Moment> of(Tristate<String> field) {
        return field.wrongType() ? Tristate.absent() : field.map(Moment::parse);
    }

    static Moment parse(String raw) {
        String text = raw.strip();
        try {
            OffsetDateTime absolute = OffsetDateTime.parse(text);
            return inRange(absolute.getYear()) ? new Moment(absolute.toInstant(), null) : null;
        } catch (DateTimeParseException notAbsolute) {
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                return inRange(local.getYear()) ? new Moment(null, local) : null;
            } catch (DateTimeParseException invalid) {
                return null;
            }
        }
    }

    private static boolean inRange(int year) {
        return year >= 1970 && year <= 9999;
    }

    public Instant in(ZoneId zone) {
        try {
            return instant != null ? instant : local.atZone(zone).toInstant();
        } catch (DateTimeException impossible) {
            throw new IllegalStateException("A checked local date-time fits every zone", impossible);
        }
    }
}

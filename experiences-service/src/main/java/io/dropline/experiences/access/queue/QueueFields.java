package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a queue as one body states them, shared by {@link CreateQueueRequest}, {@link NestedQueueRequest}
 * and {@link UpdateQueueRequest}. Legacy names ({@code admissionRate}, {@code maxCapacity},
 * {@code sessionDurationSeconds}) are accepted as aliases, never together with the current name; the records declare
 * each alias just before its current name, so a conflict is listed where it always was. Date-times
 * without an offset stay local until {@link #applyTo} knows the zone to read them in.
 */
interface QueueFields {

    int MAX_NAME = 200;
    int MAX_ADMIT_RATE = 100_000;
    int MAX_COUNT = 100_000_000;
    int MAX_EXPIRATION_SECONDS = 7 * 24 * 3600;
    int MAX_JSON_CHARS = 16_384;
    String BOOLEAN = "Must be true or false";
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> timeZone();

    Tristate<String> openAt();

    Tristate<String> closeAt();

    Tristate<Boolean> supportsGuest();

    Tristate<Integer> admitRate();

    Tristate<Integer> admissionRate();

    Tristate<Integer> capacity();

    Tristate<Integer> maxCapacity();

    Tristate<Integer> maxAdmissions();

    Tristate<Integer> admissionExpirationSeconds();

    Tristate<Integer> sessionDurationSeconds();

    Tristate<Boolean> recycleExpiredSpots();

    Tristate<ObjectNode> metadata();

    /** The defaults a new queue starts from; name and admitRate are always given on create. */
    static QueueValues defaults() {
        return new QueueValues(null, null, null, null, true, 1, null, null, null, false, null);
    }

    /**
     * This (valid) body merged over {@code current}. Local date-times are read in the queue's time zone (as it will
     * be after this change), else {@code experienceZone}, else UTC.
     */
    default QueueValues applyTo(QueueValues current, String experienceZone) {
        Window window = window(current, experienceZone);
        return new QueueValues(FieldRules.stripped(name()).or(current.name()), window.zone(), window.openAt(), window.closeAt(),
                supportsGuest().or(current.supportsGuest()), current(admitRate(), admissionRate()).or(current.admitRate()),
                current(capacity(), maxCapacity()).or(current.capacity()), maxAdmissions().or(current.maxAdmissions()),
                current(admissionExpirationSeconds(), sessionDurationSeconds()).or(current.admissionExpirationSeconds()),
                recycleExpiredSpots().or(current.recycleExpiredSpots()), FieldRules.jsonText(metadata()).or(current.metadataJson()));
    }

    /**
     * The zone and window after this body over {@code current}; fields that are not valid change nothing, so the
     * window can be checked on a body refused for other reasons too (one 400 lists every problem).
     */
    default Window window(QueueValues current, String experienceZone) {
        String zoneName = timeZone().present() && !timeZone().wrongType() && (timeZone().value() == null
                || TimeZoneRule.validOrNull(timeZone()) != null)
                ? FieldRules.stripped(timeZone()).value() : current.timeZone();
        ZoneId zone = zoneName != null ? ZoneId.of(zoneName) : experienceZone != null ? ZoneId.of(experienceZone) : ZoneOffset.UTC;
        Tristate<Moment> open = Moment.of(openAt());
        Tristate<Moment> close = Moment.of(closeAt());
        return new Window(zoneName,
                open.present() && !(open.isNull() && !openAt().isNull()) ? instant(open.value(), zone) : current.openAt(),
                close.present() && !(close.isNull() && !closeAt().isNull()) ? instant(close.value(), zone) : current.closeAt());
    }

    /** A queue's zone and window as a body leaves them. */
    record Window(String zone, Instant openAt, Instant closeAt) {

        /** Whether the window ends after it starts (or is open on a side). */
        boolean ordered() {
            return openAt == null || closeAt == null || closeAt.isAfter(openAt);
        }
    }

    private static Instant instant(Moment moment, ZoneId zone) {
        return moment == null ? null : moment.in(zone);
    }

    /** The current name's value, else its legacy alias's. */
    private static Tristate<Integer> current(Tristate<Integer> name, Tristate<Integer> legacy) {
        return name.present() ? name : legacy;
    }

    /**
     * The legacy names: using one together with its current name is an error (they could disagree); on create,
     * {@code admitRate} under either name is required.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = LegacyNamesValidator.class)
    @interface LegacyNames {
        boolean admitRateRequired();

        String message() default "Invalid value";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    final class LegacyNamesValidator implements ConstraintValidator<LegacyNames, QueueFields> {

        private boolean admitRateRequired;

        @Override
        public void initialize(LegacyNames annotation) {
            admitRateRequired = annotation.admitRateRequired();
        }

        @Override
        public boolean isValid(QueueFields queue, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            // The admit rate's problems of presence are listed before the name, where they have always been.
            HibernateConstraintValidatorContext beforeName = context.unwrap(HibernateConstraintValidatorContext.class)
                    .withDynamicPayload(new RequestBodies.ListedBefore("name"));
            boolean valid = alone(queue.admitRate(), queue.admissionRate(), "admitRate", "admissionRate", beforeName);
            if (admitRateRequired && !queue.admitRate().present() && !queue.admissionRate().present()) {
                beforeName.buildConstraintViolationWithTemplate("Required").addPropertyNode("admitRate").addConstraintViolation();
                valid = false;
            }
            HibernateConstraintValidatorContext inPlace = beforeName.withDynamicPayload(null);
            return valid & alone(queue.capacity(), queue.maxCapacity(), "capacity", "maxCapacity", inPlace)
                    & alone(queue.admissionExpirationSeconds(), queue.sessionDurationSeconds(), "admissionExpirationSeconds",
                            "sessionDurationSeconds", inPlace);
        }

        private static boolean alone(Tristate<?> name, Tristate<?> legacy, String current, String alias,
                ConstraintValidatorContext context) {
            if (name.present() && legacy.present()) {
                context.buildConstraintViolationWithTemplate("Cannot be combined with " + current + " (" + alias + " is its legacy name)")
                        .addPropertyNode(alias).addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}

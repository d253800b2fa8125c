package io.dropline.audience.audience;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The writable fields of an audience as one body states them ({@link CreateAudienceRequest},
 * {@link UpdateAudienceRequest}), in the form they are stored: stripped, blank meaning null.
 */
interface AudienceFields {

    int MAX_NAME = 200;
    int MAX_DESCRIPTION = 2000;
    String STRING = "Must be a string";

    Tristate<String> name();

    Tristate<String> description();

    default Tristate<String> storedName() {
        return FieldRules.stripped(name());
    }

    default Tristate<String> storedDescription() {
        return FieldRules.stripped(description());
    }

    /** An audience type as clients name it ({@link AudienceType#fromInput}); null means the default. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = TypeNameValidator.class)
    @interface TypeName {
        String message() default "Must be STATIC or STATIC_LIST (rule-based and synced audiences are not available yet)";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    final class TypeNameValidator implements ConstraintValidator<TypeName, Tristate<String>> {
        @Override
        public boolean isValid(Tristate<String> field, ConstraintValidatorContext context) {
            return field == null || !field.wrongType() && (!field.hasValue() || AudienceType.fromInput(field.value()).isPresent());
        }
    }
}

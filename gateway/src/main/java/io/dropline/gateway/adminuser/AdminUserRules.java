package io.dropline.gateway.adminuser;

import io.dropline.gateway.spotlight.ControlCharacters;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/** The Bean Validation constraints of the admin user bodies; null means "not given" (the role then defaults). */
final class AdminUserRules {

    static final String ROLES = "owner|admin|editor|viewer";
    static final String ROLE_MESSAGE = "Must be owner, admin, editor or viewer";
    static final String STATUSES = "active|disabled";

    private AdminUserRules() {
    }

    /** The JWT subject: 1 to 255 characters, no control characters; required. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = UserIdValidator.class)
    @interface UserId {
        String message() default "Required: 1 to 255 characters, no control characters";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** An e-mail address of at most 254 characters without control characters (null passes). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EmailValidator.class)
    @interface Email {
        String message() default "Must be a valid email address";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A display name: 1 to 200 characters, not blank, no control characters (null passes). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = NameValidator.class)
    @interface Name {
        String message() default "Must be 1 to 200 characters, no control characters";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class UserIdValidator implements ConstraintValidator<UserId, String> {
        @Override
        public boolean isValid(String id, ConstraintValidatorContext context) {
            return id != null && !id.isEmpty() && id.length() <= 255 && id.chars().noneMatch(Character::isISOControl)
                    && !ControlCharacters.in(id);
        }
    }

    public static final class EmailValidator implements ConstraintValidator<Email, String> {

        private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

        @Override
        public boolean isValid(String email, ConstraintValidatorContext context) {
            return email == null || email.length() <= 254 && !ControlCharacters.in(email) && EMAIL.matcher(email).matches();
        }
    }

    public static final class NameValidator implements ConstraintValidator<Name, String> {
        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            return name == null || !name.isBlank() && name.length() <= 200 && !ControlCharacters.in(name);
        }
    }
}

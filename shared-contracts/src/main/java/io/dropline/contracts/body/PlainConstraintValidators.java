package io.dropline.contracts.body;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import org.springframework.beans.BeanUtils;

/**
 * Makes each constraint validator with its no-argument constructor, as Jakarta Validation itself would, instead of
 * as a Spring bean. Spring's factory creates every validator through the bean factory, whose AOP post-processing
 * matches pointcuts by reading class files from the jars: file I/O on the event loop that validates a constraint
 * type for the first time (BlockHound refused it 1,146 times in one CI run, across every service, at the first
 * requests of a test). Dropline's validators need nothing injected; Hibernate Validator keeps each instance it gets.
 */
public final class PlainConstraintValidators implements ConstraintValidatorFactory {

    @Override
    public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
        return BeanUtils.instantiateClass(key);
    }

    @Override
    public void releaseInstance(ConstraintValidator<?, ?> instance) {
        // Nothing to release: the instance holds no resources.
    }
}

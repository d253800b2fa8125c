package io.dropline.contracts.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

class PlainConstraintValidatorsTest {

    record Item(@Required @Text(max = 5) Tristate<String> name, @IntRange(min = 1, max = 9, orNull = true) Tristate<Integer> size) {
    }

    /** Every object the application context post-processes as a bean. */
    private record Recorder(List<Class<?>> processed) implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            processed.add(bean.getClass());
            return bean;
        }
    }

    /** Validates an item with Spring's validator, as a service does, and answers what became a bean on the way. */
    private static List<Class<?>> beansMadeValidating(ConstraintValidatorFactory factory) {
        List<Class<?>> processed = new CopyOnWriteArrayList<>();
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(Recorder.class, () -> new Recorder(processed));
            context.registerBean(LocalValidatorFactoryBean.class, () -> {
                LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
                if (factory != null) {
                    validator.setConfigurationInitializer(configuration -> configuration.constraintValidatorFactory(factory));
                }
                return validator;
            });
            context.refresh();
            LocalValidatorFactoryBean validator = context.getBean(LocalValidatorFactoryBean.class);
            assertThat(validator.validate(new Item(Tristate.of("too long"), Tristate.of(10)))).hasSize(2);
            assertThat(validator.validate(new Item(Tristate.of("ok"), Tristate.ofNull()))).isEmpty();
        }
        return processed;
    }

    @Test
    void whenConstraintsAreValidatedThenNoValidatorIsMadeAsASpringBean() {
        assertThat(beansMadeValidating(new PlainConstraintValidators()))
                .noneMatch(ConstraintValidator.class::isAssignableFrom);
    }

    @Test
    void withSpringsOwnFactoryEveryValidatorIsMadeAsABean() {
        // The cause (and the proof that the recorder sees validators): Spring's factory runs each one through the
        // bean factory's post-processors, AOP's among them in a service.
        assertThat(beansMadeValidating(null)).filteredOn(ConstraintValidator.class::isAssignableFrom)
                .contains(FieldRules.TextValidator.class, FieldRules.IntRangeValidator.class);
    }
}

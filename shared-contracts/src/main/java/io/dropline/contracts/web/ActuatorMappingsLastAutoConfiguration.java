package io.dropline.contracts.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.webflux.actuate.endpoint.web.AbstractWebFluxEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;

/**
 * The actuator's endpoint mappings are asked after the application's own. Spring Boot orders them first (-100), so
 * on a service whose actuator shares the API's port every API request was first looked up among the actuator's
 * paths, a scan with pattern matching that never matched (issue 16: 3.5 % of experiences-service's CPU samples on a
 * status read, 5.3 % on the JWKS, 2.1 % of consumer-service's on a guest session). Their paths ({@code /actuator/**})
 * overlap none of the API's, so only the order of the look-ups changes: the functional routes (-1), the annotated
 * controllers (0), then the actuator ({@link #ORDER}), still before static resources. A service whose actuator runs
 * on a port of its own (the gateway) keeps it in another context, which this does not touch.
 */
@AutoConfiguration
@ConditionalOnClass(AbstractWebFluxEndpointHandlerMapping.class)
public class ActuatorMappingsLastAutoConfiguration {

    /** Right after the annotated controllers' {@code RequestMappingHandlerMapping} (0). */
    public static final int ORDER = 1;

    /** Static: a post-processor is made before ordinary beans. */
    @Bean
    static BeanPostProcessor actuatorMappingsAfterTheApplications() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (isActuators(bean)) {
                    ((AbstractHandlerMapping) bean).setOrder(ORDER);
                }
                return bean;
            }
        };
    }

    /** The endpoints' mappings and the (deprecated) controller endpoints' one: all live in the actuator's package. */
    public static boolean isActuators(Object bean) {
        return bean instanceof AbstractHandlerMapping
                && bean.getClass().getPackageName().equals(AbstractWebFluxEndpointHandlerMapping.class.getPackageName());
    }
}

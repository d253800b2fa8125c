package io.dropline.gateway.balancing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Beans of each service's own load-balancer context (Spring Cloud LoadBalancer makes one per service id, from
 * {@link BalancingConfiguration}'s {@code @LoadBalancerClients}). Deliberately not a {@code @Configuration}: were it
 * scanned into the gateway's own context, its supplier would be everyone's.
 */
class PerServiceBalancing {

    @Bean
    ServiceInstanceListSupplier staticInstanceListSupplier(Environment environment, ServiceInstances instances,
            InstanceQuarantine quarantine) {
        String service = LoadBalancerClientFactory.getName(environment);
        return new StaticInstanceListSupplier(service, instances.of(service), quarantine);
    }
}

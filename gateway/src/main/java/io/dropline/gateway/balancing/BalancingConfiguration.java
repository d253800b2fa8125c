package io.dropline.gateway.balancing;

import io.dropline.gateway.config.GatewayProperties;
import java.time.Clock;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.List;

/**
 * The gateway balances every downstream call over the service's instances: the routes ({@code lb://<service>} in
 * application.yml) and the gateway's own clients ({@link BalancedClients}) alike, through Spring Cloud
 * LoadBalancer's round robin over {@link ServiceInstances}, less the instances in {@link InstanceQuarantine}; a
 * refused connection moves on to another instance ({@link RefusedConnections}). docs/adr/0021.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PerServiceBalancing.class)
class BalancingConfiguration {

    @Bean
    ServiceInstances serviceInstances(GatewayProperties gateway) {
        return new ServiceInstances(gateway);
    }

    @Bean
    InstanceQuarantine instanceQuarantine(GatewayProperties gateway) {
        return new InstanceQuarantine(gateway.balancing().quarantine(), Clock.systemUTC());
    }

    /**
     * Each service's load-balancer context is made at start: made on first use, the first request to a service would
     * build a Spring context on an event loop (class-path scanning, file reads). Its round robin is asked once too
     * (the answer is not subscribed to, so nothing is chosen): the balancer looks its instance supplier up on its
     * first choice, under a lock that event loops choosing at once for the first time parked on (BlockHound caught
     * it in ScaledMeshEndToEndIT: a guest session answered 503).
     */
    @Bean
    SmartInitializingSingleton loadBalancerContexts(ReactiveLoadBalancer.Factory<ServiceInstance> balancers,
            ServiceInstances instances) {
        return () -> instances.services().forEach(service -> balancers.getInstance(service).choose());
    }

    @Bean
    RefusedConnectionRetryFilter refusedConnectionRetryFilter(ServiceInstances instances, GatewayProperties gateway) {
        return new RefusedConnectionRetryFilter(instances, gateway.balancing().connectAttempts());
    }

    @Bean
    BalancedClients balancedClients(ReactiveLoadBalancer.Factory<ServiceInstance> balancers, ServiceInstances instances,
            GatewayProperties gateway) {
        return new BalancedClients(new ReactorLoadBalancerExchangeFilterFunction(balancers, List.of()), instances,
                gateway.balancing().connectAttempts());
    }
}

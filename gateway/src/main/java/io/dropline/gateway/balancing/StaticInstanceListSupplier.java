package io.dropline.gateway.balancing;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/** One service's configured instances, less those in quarantine, for Spring Cloud LoadBalancer's round robin. */
final class StaticInstanceListSupplier implements ServiceInstanceListSupplier {

    private final String serviceId;
    private final List<ServiceInstance> instances;
    private final InstanceQuarantine quarantine;

    StaticInstanceListSupplier(String serviceId, List<ServiceInstance> instances, InstanceQuarantine quarantine) {
        this.serviceId = serviceId;
        this.instances = instances;
        this.quarantine = quarantine;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(quarantine.available(instances)));
    }
}

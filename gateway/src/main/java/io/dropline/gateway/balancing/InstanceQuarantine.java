package io.dropline.gateway.balancing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Passive health of the instances: an instance that refused a connection is left out of its service's rotation for
 * the quarantine, so the calls after it (and the retry of the refused call) go to the others at once instead of
 * finding out one by one. Nothing polls: the first call after the quarantine tries the instance again, and if it
 * refuses again that call moves on ({@link RefusedConnections}) and the quarantine starts over. When every instance of
 * a service is in quarantine all are offered, so an outage of the whole service is seen as one (the breaker's) rather
 * than as "no instance".
 *
 * <p>Fed by Spring Cloud LoadBalancer's lifecycle, which both the routes and the gateway's own clients report to.
 */
public final class InstanceQuarantine implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private static final Logger log = LoggerFactory.getLogger(InstanceQuarantine.class);

    private final Duration period;
    private final Clock clock;
    /** Instance id → the instant its quarantine ends. */
    private final Map<String, Long> until = new ConcurrentHashMap<>();
    /** Instances that refused and have not answered since: one WARN when one goes down, one INFO when it is back. */
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    InstanceQuarantine(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    /** The instances to offer now: those not in quarantine, or all when none is left. */
    List<ServiceInstance> available(List<ServiceInstance> instances) {
        if (until.isEmpty()) {
            return instances;
        }
        long now = clock.millis();
        List<ServiceInstance> healthy = instances.stream().filter(instance -> !quarantined(instance, now)).toList();
        return healthy.isEmpty() ? instances : healthy;
    }

    void refused(ServiceInstance instance) {
        until.put(instance.getInstanceId(), clock.millis() + period.toMillis());
        if (down.add(instance.getInstanceId())) {
            log.warn("Instance {} of {} ({}:{}) refused a connection; out of the rotation, tried again every {} until it answers",
                    instance.getInstanceId(), instance.getServiceId(), instance.getHost(), instance.getPort(), period);
        }
    }

    void answered(ServiceInstance instance) {
        if (!down.isEmpty() && down.remove(instance.getInstanceId())) {
            until.remove(instance.getInstanceId());
            log.info("Instance {} of {} answers again; back in the rotation", instance.getInstanceId(), instance.getServiceId());
        }
    }

    private boolean quarantined(ServiceInstance instance, long now) {
        Long end = until.get(instance.getInstanceId());
        if (end == null) {
            return false;
        }
        if (end > now) {
            return true;
        }
        // On trial: the next call tries it; a refusal puts it back here.
        until.remove(instance.getInstanceId(), end);
        return false;
    }

    @Override
    public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
        return ServiceInstance.class.isAssignableFrom(serverTypeClass);
    }

    @Override
    public void onStart(Request<Object> request) {
    }

    @Override
    public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
    }

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completion) {
        if (completion.getLoadBalancerResponse() == null || !completion.getLoadBalancerResponse().hasServer()) {
            return;
        }
        ServiceInstance instance = completion.getLoadBalancerResponse().getServer();
        if (completion.status() == CompletionContext.Status.FAILED && RefusedConnections.refused(completion.getThrowable())) {
            refused(instance);
        } else if (completion.status() == CompletionContext.Status.SUCCESS) {
            answered(instance);
        }
    }
}

package io.dropline.gateway.balancing;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * WebClients for the gateway's own calls to a service (consumer-service's JWKS and session revocations,
 * experiences-service's queue look-up for operator sessions), balanced like the routes: based at
 * {@code http://<service>}, which the load-balancer filter turns into one instance's address per call, and offered to
 * another instance when one refuses the connection.
 */
public final class BalancedClients {

    private final ReactorLoadBalancerExchangeFilterFunction balancer;
    private final ServiceInstances instances;
    private final int maxAttempts;

    BalancedClients(ReactorLoadBalancerExchangeFilterFunction balancer, ServiceInstances instances, int maxAttempts) {
        this.balancer = balancer;
        this.instances = instances;
        this.maxAttempts = maxAttempts;
    }

    /** A client of {@code service} with the given connect and response timeouts (per attempt). */
    public WebClient client(String service, Duration connectTimeout, Duration responseTimeout) {
        if (instances.of(service).isEmpty()) {
            throw new IllegalStateException("dropline.gateway.services." + service + " is not set");
        }
        return WebClient.builder()
                .baseUrl("http://" + service)
                .filter(RefusedConnections.retried(Math.min(maxAttempts, instances.of(service).size())))
                .filter(balancer)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                        .responseTimeout(responseTimeout)))
                .build();
    }
}

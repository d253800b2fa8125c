package io.dropline.gateway.balancing;

import io.dropline.gateway.config.GatewayProperties;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The instances of each downstream service, from {@code dropline.gateway.services.<name>}: one base URL, or a
 * comma-separated list of them. Read once at start; a static list is what a local run has, and in Kubernetes the one
 * URL is the service's Service, which spreads over the pods itself.
 */
public final class ServiceInstances {

    private final Map<String, List<ServiceInstance>> byService;

    ServiceInstances(GatewayProperties gateway) {
        this.byService = gateway.services().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> parse(entry.getKey(), entry.getValue())));
    }

    /** The names of the configured services. */
    public java.util.Set<String> services() {
        return byService.keySet();
    }

    /** The service's instances; empty for a name nothing configures. */
    public List<ServiceInstance> of(String service) {
        return byService.getOrDefault(service, List.of());
    }

    static List<ServiceInstance> parse(String service, String urls) {
        List<String> bases = Arrays.stream(urls.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("dropline.gateway.services." + service + " names no URL");
        }
        return IntStream.range(0, bases.size()).mapToObj(index -> instance(service, index + 1, bases.get(index))).toList();
    }

    private static ServiceInstance instance(String service, int number, String base) {
        URI uri = URI.create(base);
        boolean secure = "https".equals(uri.getScheme());
        if (!(secure || "http".equals(uri.getScheme())) || uri.getHost() == null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))) {
            // A path would be dropped when the balancer rebuilds the URL: refuse it rather than route elsewhere.
            throw new IllegalArgumentException("dropline.gateway.services." + service + ": '" + base
                    + "' is not an http(s)://host:port base URL");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(service + "-" + number, service, uri.getHost(), port, secure);
    }
}

package io.dropline.analytics.live;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fan-out: asks every source that owns one of the wanted metrics, all at once, and gathers what came back within
 * each source's own deadline. One source's failure only empties its own metrics (their values null, its status in
 * {@code sources}).
 */
@Component
@EnableConfigurationProperties(LiveSourcesProperties.class)
public class LiveMetrics {

    private final Map<String, MetricsSource> sources = new HashMap<>();

    LiveMetrics(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            LiveSourcesProperties properties) {
        sources.put(LiveMetricNames.EXPERIENCES, new MetricsSource(LiveMetricNames.EXPERIENCES, builders, codec, breakers,
                properties.experiences()));
        sources.put(LiveMetricNames.COMMERCE, new MetricsSource(LiveMetricNames.COMMERCE, builders, codec, breakers,
                properties.commerce()));
    }

    /** The wanted metrics for the caller's tenant (or for one resource of it when {@code resource} is set). */
    public Mono<LiveAnswer> fetch(InternalContext caller, Collection<String> metrics, String resource) {
        List<String> owners = metrics.stream().map(LiveMetricNames.OWNERS::get).distinct().sorted().toList();
        return fetchFrom(caller, owners, resource).map(results -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String metric : metrics) {
                SourceResult result = results.get(LiveMetricNames.OWNERS.get(metric));
                values.put(metric, result.isOk() ? result.values().get(metric) : null);
            }
            return new LiveAnswer(values, results);
        });
    }

    /** Each named source's result, asked in parallel. */
    public Mono<Map<String, SourceResult>> fetchFrom(InternalContext caller, Collection<String> owners, String resource) {
        return Flux.fromIterable(owners)
                .flatMap(owner -> sources.get(owner).fetch(caller, resource).map(result -> Map.entry(owner, result)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .map(map -> (Map<String, SourceResult>) map)
                .name("analytics.live.fanout");
    }
}

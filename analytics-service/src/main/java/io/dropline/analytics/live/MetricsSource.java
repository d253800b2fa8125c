package io.dropline.analytics.live;

import io.dropline.contracts.client.InternalClient;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.web.OutageLog;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One owning service's {@code GET /internal/metrics}, through the shared {@link InternalClient} recipe (timeouts,
 * one retry of transient failures, the deadline over both, breaker {@code metrics-<source>}), plus a bound on the
 * calls in flight to it. Never fails: every outcome is a {@link SourceResult}, so a slow or broken source makes an
 * answer partial, never a failed query. A missing route (a service that does not serve the contract yet) is a
 * failure of that source, not "no such resource".
 */
final class MetricsSource {

    private static final Logger log = LoggerFactory.getLogger(MetricsSource.class);
    /** A service down fails every query's fan-out alike: one line per cause, not per request. */
    private final OutageLog outages = new OutageLog(log);
    private static final String SERVICE_NAME = "analytics-service";

    private final String name;
    private final InternalClient<MetricsUnavailableException> client;
    private final LiveSourcesProperties.Source settings;
    private final AtomicInteger inFlight = new AtomicInteger();

    MetricsSource(String name, ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec,
            CircuitBreakerRegistry breakers, LiveSourcesProperties.Source settings) {
        this.name = name;
        this.settings = settings;
        this.client = new InternalClient<>(builders, codec, breakers.circuitBreaker("metrics-" + name.replace("-service", "")),
                SERVICE_NAME, name, settings, MetricsUnavailableException::new);
    }

    String name() {
        return name;
    }

    /** The source's values for the tenant (or one resource of it); always completes, within the deadline. */
    Mono<SourceResult> fetch(InternalContext caller, String resource) {
        return Mono.defer(() -> {
            if (inFlight.incrementAndGet() > settings.maxConcurrentCalls()) {
                inFlight.decrementAndGet();
                return Mono.just(SourceResult.failed(SourceResult.BUSY, name + " has too many metrics calls in flight"));
            }
            return client.call(() -> client.http().get()
                            .uri(builder -> resource == null ? builder.path("/internal/metrics").build()
                                    : builder.path("/internal/metrics").queryParam("resource", resource).build())
                            .header(InternalContext.HEADER, client.signedAs(caller))
                            .exchangeToMono(this::read))
                    // The recipe's deadline bounds the call; this outer one also bounds a breaker or a codec that
                    // misbehaves, so the query's promise ("never waits past the timeout") holds whatever happens.
                    .timeout(settings.deadline().plusMillis(100))
                    .onErrorResume(failure -> Mono.just(failed(caller, failure)))
                    .doFinally(signal -> inFlight.decrementAndGet());
        }).name("analytics.live.source");
    }

    private Mono<SourceResult> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 200) {
            return response.bodyToMono(JsonNode.class).map(this::values);
        }
        if (status == 404) {
            // The contract's "not this tenant's resource" is an API error naming the resource; a route the service
            // does not have answers the generic "Not found".
            return response.bodyToMono(JsonNode.class)
                    .map(body -> body.path("error").asString("Not found"))
                    .defaultIfEmpty("Not found")
                    .onErrorReturn("Not found")
                    .map(message -> "Not found".equals(message)
                            ? SourceResult.failed(SourceResult.UNAVAILABLE, name + " does not serve /internal/metrics")
                            : SourceResult.failed(SourceResult.NOT_FOUND, message));
        }
        return client.unexpected(response);
    }

    private SourceResult values(JsonNode body) {
        Map<String, Object> values = new LinkedHashMap<>();
        body.path("values").properties().forEach(entry -> {
            if (entry.getValue().isNumber()) {
                values.put(entry.getKey(), entry.getValue().numberValue());
            }
        });
        Instant at = null;
        try {
            at = body.hasNonNull("at") ? Instant.parse(body.get("at").asString()) : null;
        } catch (RuntimeException unparsable) {
            // tolerant reader: the time is informative only
        }
        return SourceResult.ok(at, values);
    }

    private SourceResult failed(InternalContext caller, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            outages.warn(caller, "Live metrics of " + name + " skipped, its breaker is open", failure);
            return SourceResult.failed(SourceResult.UNAVAILABLE, "circuit breaker of " + name + " is open");
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            outages.warn(caller, "Live metrics of " + name + " gave up after " + settings.deadline(), failure);
            return SourceResult.failed(SourceResult.TIMEOUT, name + " did not answer within " + settings.deadline().toMillis() + " ms");
        }
        outages.warn(caller, "Live metrics of " + name + " failed", failure);
        return SourceResult.failed(SourceResult.UNAVAILABLE, name + " is unavailable");
    }
}

package io.dropline.contracts.client;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Several instances of one peer, named by a comma-separated base URL ({@code http://127.0.0.1:8081,http://127.0.0.1:8181}):
 * each exchange goes to the next instance in turn, and one whose connection is refused is skipped for a short
 * quarantine. A refused exchange is offered to the other instances at once, whatever its method, because a refused
 * connection never carried the request; failures after the connection (which may have been received) are left to the
 * caller's retry decision. A single base URL never gets here: in Kubernetes the peer's Service spreads the calls.
 */
final class PeerInstances implements ExchangeFilterFunction {

    /** How long an instance that refused a connection is left out of the rotation. */
    static final Duration QUARANTINE = Duration.ofSeconds(2);

    private final List<URI> instances;
    private final AtomicInteger turn = new AtomicInteger();
    private final Map<URI, Long> quarantinedUntil = new ConcurrentHashMap<>();

    private PeerInstances(List<URI> instances) {
        this.instances = List.copyOf(instances);
    }

    /** The instances of a comma-separated base URL; empty for one URL, which needs no balancing. */
    static Optional<PeerInstances> of(String baseUrls) {
        List<URI> instances = Arrays.stream(baseUrls.split(",")).map(String::strip).filter(url -> !url.isEmpty())
                .map(URI::create).toList();
        return instances.size() > 1 ? Optional.of(new PeerInstances(instances)) : Optional.empty();
    }

    /** The first instance: the base URL the client is built with before each exchange is pointed at its own. */
    static String first(String baseUrls) {
        return baseUrls.split(",")[0].strip();
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> attempt(request, next, rotation(), 0));
    }

    /** Every instance once, starting at this exchange's turn: those out of quarantine first. */
    private List<URI> rotation() {
        int start = Math.floorMod(turn.getAndIncrement(), instances.size());
        long now = System.currentTimeMillis();
        List<URI> healthy = new ArrayList<>();
        List<URI> quarantined = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            URI instance = instances.get((start + i) % instances.size());
            Long until = quarantinedUntil.get(instance);
            (until != null && until > now ? quarantined : healthy).add(instance);
        }
        healthy.addAll(quarantined);
        return healthy;
    }

    private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, List<URI> rotation, int index) {
        URI instance = rotation.get(index);
        return next.exchange(ClientRequest.from(request).url(at(request.url(), instance)).build())
                .doOnSuccess(answered -> quarantinedUntil.remove(instance))
                .onErrorResume(PeerInstances::refused, refused -> {
                    quarantinedUntil.put(instance, System.currentTimeMillis() + QUARANTINE.toMillis());
                    return index + 1 < rotation.size() ? attempt(request, next, rotation, index + 1) : Mono.error(refused);
                });
    }

    private static URI at(URI url, URI instance) {
        return UriComponentsBuilder.fromUri(url).scheme(instance.getScheme()).host(instance.getHost())
                .port(instance.getPort()).build(true).toUri();
    }

    static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}

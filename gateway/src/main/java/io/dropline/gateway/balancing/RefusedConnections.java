package io.dropline.gateway.balancing;

import java.net.ConnectException;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The one failure the gateway moves to another instance for: the connection was never made (refused, or not
 * accepted within the connect timeout; Netty reports both as a {@link ConnectException}). Such a request never
 * reached the instance, so offering it to the next one is safe whatever its method. Anything later (a reset or close
 * while the request was on its way or being answered, a response timeout) may have been received and is not repeated.
 */
public final class RefusedConnections {

    private RefusedConnections() {
    }

    /** True when {@code failure}, or a cause of it, says no connection was made. */
    public static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a WebClient, outside its load-balancer filter: an exchange whose connection was refused is offered again
     * (the balancer then picks from the instances not in quarantine), up to {@code attempts} in all.
     */
    public static ExchangeFilterFunction retried(int attempts) {
        return (request, next) -> attempts <= 1 ? next.exchange(request)
                : Mono.defer(() -> next.exchange(request)).retryWhen(Retry.max(attempts - 1L).filter(RefusedConnections::refused)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }
}

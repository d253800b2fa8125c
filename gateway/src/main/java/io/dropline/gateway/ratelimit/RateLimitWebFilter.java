package io.dropline.gateway.ratelimit;

import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.web.ErrorResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Charges every authenticated request to its buckets and tells the client where it stands
 * ({@code X-RateLimit-Limit/-Remaining/-Reset}); an exhausted bucket answers 429 with {@code Retry-After}.
 * Requests without a {@link Caller} (exempt paths, or already refused) are not limited.
 */
class RateLimitWebFilter implements WebFilter, Ordered {

    private final RateLimitPlanner planner;
    private final RateLimiter limiter;
    private final ErrorResponses errors;

    RateLimitWebFilter(RateLimitPlanner planner, RateLimiter limiter, ErrorResponses errors) {
        this.planner = planner;
        this.limiter = limiter;
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            return chain.filter(exchange);
        }
        return limiter.take(planner.plan(caller, exchange.getRequest()))
                .flatMap(decision -> apply(decision, exchange, chain));
    }

    private Mono<Void> apply(Decision decision, ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-RateLimit-Limit", Integer.toString(decision.bucket().perMinute()));
        headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.set("X-RateLimit-Reset", Long.toString(decision.resetEpochSecond()));
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        return errors.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Rate limit exceeded", null, decision.retryAfterSeconds());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}

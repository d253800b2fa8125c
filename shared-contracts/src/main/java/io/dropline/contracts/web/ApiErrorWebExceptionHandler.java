package io.dropline.contracts.web;

import io.dropline.contracts.error.ApiError;
import io.dropline.contracts.error.SpotlightError;
import io.dropline.contracts.web.ErrorMapping.ErrorView;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become HTTP answers, in the API's own envelope: Spotlight paths ({@code /v1/…})
 * get {@code {"error":{"code","message","request_id"}}}, everything else the Fanfare {@code {"error", …}}.
 * Runs before Spring Boot's default handler, so no framework error page ever reaches a client.
 */
public class ApiErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorWebExceptionHandler.class);

    private final ServerResponse.Context responseContext;
    private final OutageLog outages = new OutageLog(log);

    public ApiErrorWebExceptionHandler(ServerCodecConfigurer codecs) {
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.responseContext = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ErrorView view = ErrorMapping.classify(error);
        String requestId = RequestIds.of(exchange);
        if (view.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            // An outage fails every request alike: one line per cause and window, never a stack trace.
            outages.warn(exchange, exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value()
                    + " answered 503, a dependency is unavailable", error);
        } else if (view.serverFault()) {
            RequestLog.with(exchange, () -> log.error("Request {} {} failed (request id {})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), requestId, error));
        }
        return ServerResponse.status(view.status())
                .headers(headers -> {
                    if (view.retryAfterSeconds() != null) {
                        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(view.retryAfterSeconds()));
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(exchange, view, requestId))
                .flatMap(response -> response.writeTo(exchange, responseContext));
    }

    static Object body(ServerWebExchange exchange, ErrorView view, String requestId) {
        if (isSpotlightPath(exchange.getRequest().getPath().value())) {
            return SpotlightError.of(SpotlightError.codeFor(view.status().value()), spotlightMessage(view), requestId);
        }
        return new ApiError(view.message(), view.code(), view.details(), requestId);
    }

    /** Spotlight has no details array, so the first field problem goes into the message. */
    private static String spotlightMessage(ErrorView view) {
        if (view.details().isEmpty()) {
            return view.message();
        }
        var first = view.details().get(0);
        return first.field() + ": " + first.message();
    }

    public static boolean isSpotlightPath(String path) {
        return path.startsWith("/v1/");
    }

    @Override
    public int getOrder() {
        // Spring Boot's DefaultErrorWebExceptionHandler runs at -1.
        return -2;
    }
}

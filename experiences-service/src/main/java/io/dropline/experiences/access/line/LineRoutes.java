package io.dropline.experiences.access.line;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The two routes of the opening burst, {@code enter} and the polled {@code status}, as functional routes in front of
 * the annotated controllers. Why: with every admin and consumer route of this service mapped by annotations, finding
 * the handler of a path with a variable scans all of them (a fifth of the CPU samples of a status read, issue 16);
 * the functional mapping is asked first and matches these two patterns directly. Same service calls, same JSON, same
 * errors (the shared error handler). Anything these routes do not take (a Server-Sent Events stream, an Accept
 * this JSON cannot satisfy) falls through to {@link LineController}, which still maps every route.
 */
@Configuration(proxyBeanMethods = false)
class LineRoutes {

    static final String ENTER = "/api/v1/queues/{id}/enter";
    static final String STATUS = "/api/v1/queues/{id}/status";

    @Bean
    RouterFunction<ServerResponse> lineHotRoutes(LineService service) {
        return RouterFunctions.route()
                .POST(ENTER, acceptsJson(), request -> json(service.enter(context(request), request.pathVariable("id"))))
                .GET(STATUS, acceptsJson(), request -> json(service.status(context(request), request.pathVariable("id"))))
                .build();
    }

    /** JSON is acceptable and the client did not ask for the event stream (that is LineController's). */
    private static RequestPredicate acceptsJson() {
        return request -> {
            List<MediaType> accepted = request.headers().accept();
            if (accepted.isEmpty()) {
                return true;
            }
            boolean json = false;
            for (MediaType type : accepted) {
                if (MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type)) {
                    return false;
                }
                json |= type.isCompatibleWith(MediaType.APPLICATION_JSON);
            }
            return json;
        };
    }

    /** The context the shared web filter verified (as InternalContextArgumentResolver gives it to controllers). */
    private static InternalContext context(ServerRequest request) {
        InternalContext context = request.exchange().getAttribute(InternalContext.ATTRIBUTE);
        if (context == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", "UNAUTHORIZED");
        }
        return context;
    }

    private static Mono<ServerResponse> json(Mono<QueueStatus> status) {
        return status.flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }
}

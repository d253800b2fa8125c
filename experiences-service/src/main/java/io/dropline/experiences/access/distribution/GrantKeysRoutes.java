package io.dropline.experiences.access.distribution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The JWKS document as a functional route in front of the annotated controllers, as the queue's hot routes are
 * (LineRoutes): every verifier of grants fetches it, and finding an annotated handler scans every mapping of this
 * service (8 % of its CPU samples on this request, issue 16). The document is served as the JSON the key store made
 * when it loaded the keys. {@link GrantKeysController} still maps the path.
 */
@Configuration(proxyBeanMethods = false)
class GrantKeysRoutes {

    static final String JWKS = "/api/v1/.well-known/jwks.json";

    @Bean
    RouterFunction<ServerResponse> grantKeysRoute(Grants grants) {
        return RouterFunctions.route()
                .GET(JWKS, RequestPredicates.accept(MediaType.APPLICATION_JSON), request -> grants.jwksJson()
                        .flatMap(json -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json)))
                .build();
    }
}

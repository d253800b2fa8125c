package io.dropline.gateway.routing;

import io.dropline.gateway.web.ServerEventLoops;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * The routed calls' clients, one per event loop ({@link LoopAffineRoutingFilter}). Only where Spring Cloud Gateway
 * runs: the gateway's bootstrap run ({@code ./dropline start}'s first step) has no shared client to split.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
class LoopAffineRoutingConfiguration {

    @Bean
    LoopAffineRoutingFilter loopAffineRoutingFilter(HttpClient gatewayHttpClient,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, HttpClientProperties properties, ServerEventLoops loops) {
        return new LoopAffineRoutingFilter(gatewayHttpClient, headersFilters, properties, loops);
    }
}

package io.dropline.gateway.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** The server's event loops, for what keeps connections per loop (the routed calls' pools, docs/adr/0028). */
@Configuration(proxyBeanMethods = false)
class ServerEventLoopsConfiguration {

    @Bean
    ServerEventLoops serverEventLoops(ObjectProvider<ReactorResourceFactory> resources) {
        return ServerEventLoops.of(resources.getIfAvailable());
    }
}

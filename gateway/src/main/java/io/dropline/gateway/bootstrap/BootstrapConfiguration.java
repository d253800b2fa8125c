package io.dropline.gateway.bootstrap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * The bootstrap CLI runs without a web server, but shared-contracts' web auto-configuration is not conditional on
 * a reactive web application and asks for a codec configurer; this one satisfies it and is never used.
 */
@Configuration(proxyBeanMethods = false)
@Profile("bootstrap")
class BootstrapConfiguration {

    @Bean
    ServerCodecConfigurer bootstrapCodecs() {
        return ServerCodecConfigurer.create();
    }
}

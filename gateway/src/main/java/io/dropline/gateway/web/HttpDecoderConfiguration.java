package io.dropline.gateway.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Puts {@link BareErrorResponseHandler} behind the HTTP codec of every connection, so what Reactor Netty or Spring's
 * adapter refuse below the WebFilter chain is answered in the API's format too. The decoder's hard caps are {@code server.netty.max-initial-line-length} and
 * {@code server.max-http-request-header-size} (application.yml); the API's limits are {@link RequestLimits}.
 */
@Configuration(proxyBeanMethods = false)
class HttpDecoderConfiguration {

    @Bean
    NettyServerCustomizer decodingFailuresInTheApiFormat(ErrorResponses errors) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            // HTTP/1.1 connections only: an HTTP/2 pipeline has no such codec (and is not enabled here).
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, BareErrorResponseHandler.NAME,
                        new BareErrorResponseHandler(errors));
            }
        });
    }
}

package io.dropline.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stream tokens ({@code dropline.gateway.stream-tokens.*}): short-lived credentials in a status stream's URL, for
 * browsers' {@code EventSource}, which cannot send headers.
 *
 * @param ttl    how long a stream token may open its stream (at most 15 min: it sits in a URL)
 * @param secret the HMAC key (at least 32 characters) every gateway replica shares; empty derives one from
 *               {@code dropline.web.internal-secret}, so a deployment needs no new secret
 */
@ConfigurationProperties("dropline.gateway.stream-tokens")
public record StreamTokenProperties(
        @DefaultValue("5m") Duration ttl,
        @DefaultValue("") String secret) {

    public StreamTokenProperties {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("dropline.gateway.stream-tokens.ttl must be between 1s and 15m");
        }
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new IllegalArgumentException("dropline.gateway.stream-tokens.secret must be at least 32 characters");
        }
    }
}

package io.dropline.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform operator's API ({@code dropline.gateway.platform.*}, {@code /platform/v1/**}; docs/adr/0021): the
 * operator of a Dropline installation creates organizations, suspends them, rotates their keys and sets their rate
 * limits. It is not a merchant's surface and takes no organization key.
 *
 * @param token the operator's bearer token, at least 32 characters, the same on every replica (a secret setting,
 *              {@code DROPLINE_PLATFORM_TOKEN}); empty (the default) turns the surface off: every {@code /platform}
 *              path answers 404. Only its SHA-256 is kept in memory, and presented tokens are compared in
 *              constant time.
 */
@ConfigurationProperties("dropline.gateway.platform")
public record PlatformProperties(@DefaultValue("") String token) {

    public PlatformProperties {
        if (!token.isEmpty() && token.strip().length() < 32) {
            throw new IllegalArgumentException("dropline.gateway.platform.token must be at least 32 characters (or empty to "
                    + "turn the platform operator's API off)");
        }
    }

    /** Never the token itself: configuration records end up in logs and actuator output. */
    @Override
    public String toString() {
        return "PlatformProperties[token=" + (token.isEmpty() ? "none" : "set") + "]";
    }
}

package io.dropline.gateway.apikey;

import java.time.Instant;

/** The new secret key; {@code secretKey} is never shown again. */
public record RotatedSecretKeyResponse(String id, String secretKey, String environment, Instant createdAt) {

    static RotatedSecretKeyResponse from(IssuedKey key) {
        return new RotatedSecretKeyResponse(key.publicId(), key.plaintext(), key.environment().wire(), key.createdAt());
    }
}

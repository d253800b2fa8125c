package io.dropline.contracts.context;

/** Which public API a request came through; the credential and the path decide it at the gateway. */
public enum ApiSurface {
    /** Fanfare Admin API: secret key. Also the server-side consumer operations (admit, validate, …). */
    ADMIN,
    /** Fanfare Consumer API: publishable key, optionally with a consumer access token. */
    CONSUMER,
    /** Spotlight Admin API: {@code X-API-Key} plus an admin JWT. */
    SPOTLIGHT_ADMIN,
    /** Spotlight SDK API: publishable key. */
    SDK,
    /** A call from one Dropline service to another. */
    INTERNAL;

    /** Spotlight surfaces answer errors as {@code {"error":{"code","message","request_id"}}}. */
    public boolean spotlight() {
        return this == SPOTLIGHT_ADMIN || this == SDK;
    }
}

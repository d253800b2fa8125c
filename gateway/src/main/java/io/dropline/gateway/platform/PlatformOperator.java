package io.dropline.gateway.platform;

/**
 * A request the platform operator's token authenticated (set by the authentication filter under {@link #ATTRIBUTE});
 * every platform route requires it, so a route can never answer without the token.
 *
 * @param clientAddress where the request came from, for the log line each change writes
 */
public record PlatformOperator(String clientAddress) {

    public static final String ATTRIBUTE = "io.dropline.gateway.platform.PlatformOperator";
}

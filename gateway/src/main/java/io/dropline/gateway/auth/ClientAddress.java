package io.dropline.gateway.auth;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's address for anonymous rate limits. {@code X-Forwarded-For} is believed only when the TCP peer
 * matches the configured trusted-proxy pattern; then the right-most untrusted hop is the client, because every
 * hop left of it could have been written by the client itself.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(ServerHttpRequest request, Pattern trustedProxies) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (trustedProxies == null || !trustedProxies.matcher(peer).matches()) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For");
        String[] hops = String.join(",", forwarded).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.matcher(hop).matches()) {
                return hop;
            }
        }
        return peer;
    }
}

package io.dropline.gateway.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The SSRF guard of tenant-supplied JWKS URLs (quality.md, "Security"): https only, no user info, and every address
 * the host resolves to must be a public unicast address — not loopback, private (10/8, 172.16/12, 192.168/16),
 * link-local (169.254/16 incl. cloud metadata, fe80::/10), unique-local (fc00::/7), CGNAT (100.64/10), multicast,
 * unspecified, or IPv4 embedded in IPv6 pointing at any of those. The static part runs when the URL is configured;
 * the address check runs again on every connection ({@link PublicAddressResolverGroup}), so a DNS answer that changes
 * after configuration (rebinding) is refused too.
 */
public final class JwksUrlGuard {

    private JwksUrlGuard() {
    }

    /** Why this URL may not be fetched, or null. Does not resolve host names (see the resolver for that). */
    public static String problem(String url, boolean allowPrivateHosts) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            return "must be an https URL of at most 2048 characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            return "must be an https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !(allowPrivateHosts && "http".equals(scheme))) {
            return "must be an https URL";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must be an https URL with a host and no user info";
        }
        if (allowPrivateHosts) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) {
            return "must not point at a local or internal host";
        }
        InetAddress literal = literal(host);
        if (literal != null && !isPublic(literal)) {
            return "must not point at a loopback, private, link-local or otherwise non-public address";
        }
        return null;
    }

    /**
     * The addresses a host resolves to, all of them public (unless {@code allowPrivateHosts}); otherwise a
     * {@link Refused} error. The JWKS fetch then connects to exactly these addresses (see {@link AdminJwks}), so the
     * answer that was checked is the one used.
     */
    public static Mono<List<InetAddress>> resolve(String host, boolean allowPrivateHosts) {
        // The JDK's resolver blocks (it may read /etc/hosts and wait for DNS): kept off the event loops.
        return Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(UnknownHostException.class, unknown -> new Refused("the JWKS host does not resolve"))
                .map(addresses -> {
                    if (!allowPrivateHosts && !addresses.stream().allMatch(JwksUrlGuard::isPublic)) {
                        throw new Refused("the JWKS host resolves to a non-public address");
                    }
                    return addresses;
                });
    }

    /** A JWKS URL the guard will not fetch. */
    public static final class Refused extends RuntimeException {

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The address of an IP-literal host ({@code 10.0.0.1}, {@code [::1]}), or null for a host name. */
    static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = bare.matches("[0-9.]+");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9a-fA-F:.%]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            // A literal: getByName parses it without any name look-up.
            return InetAddress.getByName(bare);
        } catch (UnknownHostException malformed) {
            // "1.2.3" style leftovers: treat as non-public by refusing them outright.
            return InetAddress.getLoopbackAddress();
        }
    }

    /** Whether an address is public unicast, i.e. safe to connect to on a tenant's behalf. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0                                   // "this network"
                    || first == 100 && second >= 64 && second <= 127 // CGNAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19)    // benchmarking
                    || first >= 240);                                    // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique-local fc00::/7
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return false; // deprecated site-local fec0::/10
            }
            if (isMappedOrCompatibleIpv4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return false;
                }
            }
            // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed IPv4 addresses: refuse rather than decode.
            if ((b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) || (b[0] == 0x20 && b[1] == 0x02)) {
                return false;
            }
            return true;
        }
        return false;
    }

    private static boolean isMappedOrCompatibleIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}

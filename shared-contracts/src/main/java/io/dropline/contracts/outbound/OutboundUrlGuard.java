package io.dropline.contracts.outbound;

import io.netty.util.NetUtil;
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
 * The SSRF guard of every URL a tenant supplies and Dropline then calls (a Spotlight JWKS, a product feed, a webhook
 * endpoint; quality.md, "Security"): https only, no user info, and every address
 * the host resolves to must be a public unicast address — not loopback, private (10/8, 172.16/12, 192.168/16),
 * link-local (169.254/16 incl. cloud metadata, fe80::/10), unique-local (fc00::/7), CGNAT (100.64/10), multicast,
 * unspecified, documentation (192.0.2/24, 198.51.100/24, 203.0.113/24), or IPv4 embedded in IPv6 (mapped and
 * compatible addresses pointing at any of those; IPv4-translated, Teredo, NAT64 and 6to4 refused outright). IP
 * literals are parsed, never resolved; a host of digits and dots that is not a valid IPv4 literal ({@code 127.1},
 * {@code 99999999999}) is refused, because the JDK would hand it to DNS. The static part runs when the URL is configured;
 * the address check runs again before every connection and the connection is pinned to the vetted addresses
 * ({@link OutboundHttp}), so a DNS answer that changes after configuration (rebinding) is refused too.
 */
public final class OutboundUrlGuard {

    private OutboundUrlGuard() {
    }

    /** Why this URL may not be fetched, or null. Does not resolve host names (see the resolver for that). */
    public static String problem(String url, boolean allowPrivateHosts) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            return "must be an https URL of at most 2048 characters";
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not contain control characters";
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
        if (looksLikeIpLiteral(host) && literal(host) == null) {
            // "127.1", "99999999999", "[1::2::3]": not a literal, and the JDK would send it to DNS. Refused up front.
            return "must be a valid IP address or host name";
        }
        InetAddress literal = literal(host);
        if (literal != null && !isPublic(literal)) {
            return "must not point at a loopback, private, link-local or otherwise non-public address";
        }
        return null;
    }

    /**
     * The addresses a host resolves to, all of them public (unless {@code allowPrivateHosts}); otherwise a
     * {@link Refused} error. {@link OutboundHttp} then connects to exactly these addresses, so the answer that was checked
     * is the one used.
     */
    public static Mono<List<InetAddress>> resolve(String host, boolean allowPrivateHosts) {
        // The JDK's resolver blocks (it may read /etc/hosts and wait for DNS): kept off the event loops.
        return Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(UnknownHostException.class, unknown -> new Refused("the host does not resolve"))
                .map(addresses -> {
                    if (!allowPrivateHosts && !addresses.stream().allMatch(OutboundUrlGuard::isPublic)) {
                        throw new Refused("the host resolves to a non-public address");
                    }
                    return addresses;
                });
    }

    /** A URL the guard will not fetch. */
    public static final class Refused extends RuntimeException {

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Digits and dots only (a would-be IPv4 literal), or an IPv6 literal in brackets. */
    private static boolean looksLikeIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
    }

    /**
     * The address of a valid IP-literal host ({@code 10.0.0.1}, {@code [::1]}), or null for anything else. Parsed by
     * Netty's NetUtil and turned into an address with {@code getByAddress}: never a name look-up, so this is safe on
     * an event loop.
     */
    public static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!NetUtil.isValidIpV4Address(bare) && !NetUtil.isValidIpV6Address(bare)) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            return null;
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
                    || first == 192 && second == 0 && (b[2] & 0xff) == 2 // documentation (TEST-NET-1)
                    || first == 198 && second == 51 && (b[2] & 0xff) == 100 // documentation (TEST-NET-2)
                    || first == 203 && second == 0 && (b[2] & 0xff) == 113 // documentation (TEST-NET-3)
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
            // Prefixes that embed or tunnel to IPv4 addresses: refuse rather than decode. 64:ff9b::/32 covers both NAT64
            // prefixes (64:ff9b::/96 and the local-use 64:ff9b:1::/48); 2002::/16 is 6to4; 2001:0::/32 is Teredo.
            if ((b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b)
                    || (b[0] == 0x20 && b[1] == 0x02)
                    || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
                    || isTranslatedIpv4(b)) {
                return false;
            }
            return true;
        }
        return false;
    }

    /** IPv4-translated addresses, {@code ::ffff:0:a.b.c.d} (SIIT, RFC 2765). */
    private static boolean isTranslatedIpv4(byte[] b) {
        for (int i = 0; i < 8; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0;
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

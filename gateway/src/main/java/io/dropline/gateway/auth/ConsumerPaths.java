package io.dropline.gateway.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;

/**
 * The Consumer API: the only paths a publishable key may call. Everything else under {@code /api/v1} is the Admin
 * API and needs a secret key.
 */
public final class ConsumerPaths {

    /** A method (null: any) and a path under {@code /api/v1}, filed under the path's first segment. */
    private record Rule(HttpMethod method, Set<String> firstSegments, Pattern path) {

        boolean matches(HttpMethod requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)) && path.matcher(requestPath).matches();
        }
    }

    private static final String PREFIX = "/api/v1/";
    private static final String ID = "[^/]+";
    private static final Set<String> DISTRIBUTION_SEGMENTS = Set.of("queues", "draws", "auctions", "appointments",
            "timed-releases");
    private static final String DISTRIBUTIONS = "(queues|draws|auctions|appointments|timed-releases)";
    private static final String DISTRIBUTION_ACTIONS =
            "(enter|leave|status|bid|book|cancel|reschedule|me|highest-bid|current-price|bids|events)";

    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.POST, "auth", "/auth/.+"),
            rule(HttpMethod.GET, "experiences", "/experiences/" + ID),
            rule(HttpMethod.POST, "experiences", "/experiences/" + ID + "/(enter|route)"),
            rule(HttpMethod.DELETE, "experiences", "/experiences/" + ID + "/leave"),
            rule(HttpMethod.POST, "experiences", "/experiences/archived-status"),
            rule(HttpMethod.GET, DISTRIBUTION_SEGMENTS, "/" + DISTRIBUTIONS + "/" + ID),
            rule(null, DISTRIBUTION_SEGMENTS, "/" + DISTRIBUTIONS + "/" + ID + "/" + DISTRIBUTION_ACTIONS + "(/.*)?"),
            rule(HttpMethod.GET, "waitlists", "/waitlists/" + ID),
            // An appointment's availability (§8.4): public with the publishable key, like the appointment itself.
            rule(HttpMethod.GET, "appointments", "/appointments/" + ID + "/slots"),
            rule(null, "waitlists", "/waitlists/" + ID + "/(enter|leave|status)"),
            // A draw's published results: public once drawn, so that anyone can verify it (docs/draws.md).
            rule(HttpMethod.GET, "draws", "/draws/" + ID + "/results"),
            rule(HttpMethod.GET, "consumers", "/consumers/me"),
            rule(HttpMethod.POST, "stream-tokens", "/stream-tokens"),
            rule(HttpMethod.GET, "organizations", "/organizations/current"),
            rule(null, "loyalty", "/loyalty(/.*)?"),
            rule(HttpMethod.GET, ".well-known", "/\\.well-known/jwks\\.json"));

    /**
     * The rules by the first segment of the path they accept, so a request is matched against the one or two rules
     * of its own resource instead of all of them (every Consumer-API request passes here; issue 16 found 4 % of the
     * gateway's CPU in regular expressions).
     */
    private static final Map<String, List<Rule>> BY_FIRST_SEGMENT = RULES.stream()
            .flatMap(rule -> rule.firstSegments().stream().map(segment -> Map.entry(segment, rule)))
            .collect(Collectors.groupingBy(Map.Entry::getKey,
                    Collectors.mapping(Map.Entry::getValue, Collectors.toUnmodifiableList())));

    private ConsumerPaths() {
    }

    private static Rule rule(HttpMethod method, String firstSegment, String pathUnderApi) {
        return rule(method, Set.of(firstSegment), pathUnderApi);
    }

    private static Rule rule(HttpMethod method, Set<String> firstSegments, String pathUnderApi) {
        return new Rule(method, firstSegments, Pattern.compile("/api/v1" + pathUnderApi));
    }

    public static boolean isConsumerPath(HttpMethod method, String path) {
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        int end = path.indexOf('/', PREFIX.length());
        List<Rule> rules = BY_FIRST_SEGMENT.get(path.substring(PREFIX.length(), end < 0 ? path.length() : end));
        if (rules == null) {
            return false;
        }
        for (Rule rule : rules) {
            if (rule.matches(method, path)) {
                return true;
            }
        }
        return false;
    }
}

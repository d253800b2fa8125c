package io.dropline.gateway.auth;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;

/**
 * The Consumer API: the only paths a publishable key may call. Everything else under {@code /api/v1} is the Admin
 * API and needs a secret key.
 */
public final class ConsumerPaths {

    private record Rule(HttpMethod method, Pattern path) {

        boolean matches(HttpMethod requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod)) && path.matcher(requestPath).matches();
        }
    }

    private static final String ID = "[^/]+";
    private static final String DISTRIBUTIONS = "(queues|draws|auctions|appointments|timed-releases)";
    private static final String DISTRIBUTION_ACTIONS =
            "(enter|leave|status|bid|book|cancel|reschedule|me|highest-bid|current-price|bids|events)";

    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.POST, "/auth/.+"),
            rule(HttpMethod.GET, "/experiences/" + ID),
            rule(HttpMethod.POST, "/experiences/" + ID + "/(enter|route)"),
            rule(HttpMethod.DELETE, "/experiences/" + ID + "/leave"),
            rule(HttpMethod.POST, "/experiences/archived-status"),
            rule(HttpMethod.GET, "/" + DISTRIBUTIONS + "/" + ID),
            rule(null, "/" + DISTRIBUTIONS + "/" + ID + "/" + DISTRIBUTION_ACTIONS + "(/.*)?"),
            rule(HttpMethod.GET, "/waitlists/" + ID),
            // An appointment's availability (§8.4): public with the publishable key, like the appointment itself.
            rule(HttpMethod.GET, "/appointments/" + ID + "/slots"),
            rule(null, "/waitlists/" + ID + "/(enter|leave|status)"),
            // A draw's published results: public once drawn, so that anyone can verify it (docs/draws.md).
            rule(HttpMethod.GET, "/draws/" + ID + "/results"),
            rule(HttpMethod.GET, "/consumers/me"),
            rule(HttpMethod.POST, "/stream-tokens"),
            rule(HttpMethod.GET, "/organizations/current"),
            rule(null, "/loyalty(/.*)?"),
            rule(HttpMethod.GET, "/\\.well-known/jwks\\.json"));

    private ConsumerPaths() {
    }

    private static Rule rule(HttpMethod method, String pathUnderApi) {
        return new Rule(method, Pattern.compile("/api/v1" + pathUnderApi));
    }

    public static boolean isConsumerPath(HttpMethod method, String path) {
        return RULES.stream().anyMatch(rule -> rule.matches(method, path));
    }
}

package io.dropline.gateway.origins;

import io.dropline.contracts.error.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Browser origins ({@code scheme://host[:port]}) in one canonical form: lower case, default port left out. */
public final class Origins {

    /** At most this many origins per organization and environment. */
    public static final int MAX_ORIGINS = 100;

    private Origins() {
    }

    /** The canonical origin, or null when the value is not a plain http(s) origin (paths, wildcards, user info …). */
    public static String normalize(String origin) {
        if (origin == null || origin.length() > 300 || origin.contains("*") || hasControlCharacter(origin)) {
            return null;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException malformed) {
            return null;
        }
    }

    /**
     * A submitted list in its stored form (canonical, duplicates dropped, order kept), or null with the problems
     * added to {@code errors} under {@code field} ({@code field[i]} for one bad entry).
     */
    public static List<String> normalizeAll(List<String> origins, String field, List<FieldError> errors) {
        if (origins.size() > MAX_ORIGINS) {
            errors.add(new FieldError(field, "At most " + MAX_ORIGINS + " origins"));
            return null;
        }
        Set<String> normalized = new LinkedHashSet<>();
        int before = errors.size();
        for (int i = 0; i < origins.size(); i++) {
            String origin = normalize(origins.get(i));
            if (origin == null) {
                errors.add(new FieldError(field + "[" + i + "]", "Must be an origin: scheme://host[:port], no path and no wildcard"));
            } else {
                normalized.add(origin);
            }
        }
        return errors.size() > before ? null : new ArrayList<>(normalized);
    }

    /**
     * Whether the browser's {@code Origin} is the host the request was sent to (a page the gateway serves itself):
     * same-origin needs no CORS and no list entry. Compared on host and port; a browser cannot forge its Origin.
     */
    public static boolean isSameOrigin(String origin, String hostHeader) {
        String normalized = normalize(origin);
        if (normalized == null || hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String authority = normalized.substring(normalized.indexOf("://") + 3);
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("http://") && host.endsWith(":80")) {
            host = host.substring(0, host.length() - 3);
        } else if (normalized.startsWith("https://") && host.endsWith(":443")) {
            host = host.substring(0, host.length() - 4);
        }
        return authority.equals(host);
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}

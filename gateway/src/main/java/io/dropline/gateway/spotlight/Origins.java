package io.dropline.gateway.spotlight;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Browser origins ({@code scheme://host[:port]}) in one canonical form: lower case, default port left out. */
final class Origins {

    private Origins() {
    }

    /** The canonical origin, or null when the value is not a plain http(s) origin (paths, wildcards, user info …). */
    static String normalize(String origin) {
        if (origin == null || origin.length() > 300 || origin.contains("*") || ControlCharacters.in(origin)) {
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
}

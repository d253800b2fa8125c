package io.dropline.gateway.organization;

import io.dropline.contracts.error.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Field rules of an organization; each check adds at most one detail per field. */
final class OrganizationRules {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,48})[a-z0-9]");
    static final Set<String> RESERVED_SLUGS = Set.of("admin", "api", "app", "auth", "dashboard", "settings",
            "account", "fanfare", "waitify", "support", "www", "mail", "ftp", "cdn");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Pattern LANGUAGE_TAG = Pattern.compile("([a-z]{2})(?:-([A-Z]{2}))?");

    private OrganizationRules() {
    }

    static void name(String value, List<FieldError> errors) {
        if (value != null && (value.isBlank() || value.length() > 200)) {
            errors.add(new FieldError("name", "Must be 1 to 200 characters"));
        }
    }

    static void slug(String value, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value.length() < 3 || value.length() > 50) {
            errors.add(new FieldError("slug", "Must be 3 to 50 characters"));
        } else if (!SLUG.matcher(value).matches()) {
            errors.add(new FieldError("slug",
                    "Use lowercase letters, digits and hyphens, starting and ending with a letter or digit"));
        } else if (value.contains("--")) {
            errors.add(new FieldError("slug", "Must not contain consecutive hyphens"));
        } else if (RESERVED_SLUGS.contains(value)) {
            errors.add(new FieldError("slug", "This slug is reserved"));
        }
    }

    static void timeZone(String value, List<FieldError> errors) {
        if (value != null && !ZONES.contains(value)) {
            errors.add(new FieldError("timeZone", "Must be an IANA time zone such as Europe/Berlin"));
        }
    }

    static void currencyCode(String value, List<FieldError> errors) {
        if (value != null && !CURRENCIES.contains(value)) {
            errors.add(new FieldError("currencyCode", "Must be an ISO 4217 currency code such as EUR"));
        }
    }

    static void countryCode(String value, List<FieldError> errors) {
        if (value != null && !value.isEmpty() && !COUNTRIES.contains(value)) {
            errors.add(new FieldError("countryCode", "Must be an ISO 3166-1 alpha-2 country code such as DE"));
        }
    }

    static void languageCode(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return;
        }
        var matcher = LANGUAGE_TAG.matcher(value);
        if (!matcher.matches() || !LANGUAGES.contains(matcher.group(1))
                || (matcher.group(2) != null && !COUNTRIES.contains(matcher.group(2)))) {
            errors.add(new FieldError("languageCode", "Must be an ISO 639-1 language code such as de or de-AT"));
        }
    }

    static void httpsUrl(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (value.length() > 2048 || !isHttpsUrl(value)) {
            errors.add(new FieldError(field, "Must be an https URL"));
        }
    }

    private static boolean isHttpsUrl(String value) {
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (URISyntaxException malformed) {
            return false;
        }
    }
}

package io.dropline.gateway.organization;

/**
 * A partial update: only the fields present change. An empty string clears the optional fields (logo, favicon,
 * country, language).
 */
public record UpdateOrganizationRequest(String name, String slug, String timeZone, String currencyCode,
        String countryCode, String languageCode, String logoUrl, String faviconUrl) {
}

package io.dropline.gateway.settings;

import java.time.Instant;

/** The settings with every secret masked to its last four characters. */
public record SettingsResponse(SettingsDocument.Notifications notifications, SettingsDocument.Integrations integrations,
        Instant updatedAt) {

    static final String MASK = "••••";

    static SettingsResponse from(SettingsDocument document, Instant updatedAt) {
        SettingsDocument.Integrations integrations = document.integrations();
        SettingsDocument.Integrations masked = integrations == null ? null : new SettingsDocument.Integrations(
                integrations.shopify() == null ? null : new SettingsDocument.Shopify(integrations.shopify().enabled(),
                        integrations.shopify().shopDomain(), mask(integrations.shopify().accessToken())),
                integrations.klaviyo() == null ? null : new SettingsDocument.Klaviyo(integrations.klaviyo().enabled(),
                        mask(integrations.klaviyo().apiKey())));
        return new SettingsResponse(document.notifications(), masked, updatedAt);
    }

    static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.length() <= 8 ? MASK : MASK + secret.substring(secret.length() - 4);
    }
}

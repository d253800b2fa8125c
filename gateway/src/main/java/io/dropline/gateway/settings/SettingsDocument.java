package io.dropline.gateway.settings;

/**
 * An organization's settings, as stored (jsonb) and as sent in a PUT. Every part is optional in a PUT: a part that
 * is absent keeps its stored value.
 */
public record SettingsDocument(Notifications notifications, Integrations integrations) {

    static final SettingsDocument EMPTY = new SettingsDocument(null, null);

    public record Notifications(Email email, Sms sms) {
    }

    public record Email(Boolean enabled, String fromName, String fromEmail, String replyToEmail) {
    }

    public record Sms(Boolean enabled, String fromNumber) {
    }

    public record Integrations(Shopify shopify, Klaviyo klaviyo) {
    }

    /** {@code accessToken} is a secret: stored, never echoed in full. */
    public record Shopify(Boolean enabled, String shopDomain, String accessToken) {
    }

    /** {@code apiKey} is a secret: stored, never echoed in full. */
    public record Klaviyo(Boolean enabled, String apiKey) {
    }
}

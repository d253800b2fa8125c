package io.dropline.gateway.settings;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.gateway.settings.SettingsDocument.Email;
import io.dropline.gateway.settings.SettingsDocument.Integrations;
import io.dropline.gateway.settings.SettingsDocument.Klaviyo;
import io.dropline.gateway.settings.SettingsDocument.Notifications;
import io.dropline.gateway.settings.SettingsDocument.Shopify;
import io.dropline.gateway.settings.SettingsDocument.Sms;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads and merges the settings document of an organization (one jsonb row, created on first write). */
@Service
class SettingsService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private record Stored(SettingsDocument document, Instant updatedAt) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;

    SettingsService(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<SettingsResponse> get(UUID organizationId) {
        return load(organizationId).map(stored -> SettingsResponse.from(stored.document(), stored.updatedAt()));
    }

    Mono<SettingsResponse> update(UUID organizationId, SettingsDocument changes) {
        List<FieldError> errors = validate(changes);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        return load(organizationId)
                .map(stored -> merge(stored.document(), changes))
                .flatMap(merged -> save(organizationId, merged))
                .map(saved -> SettingsResponse.from(saved.document(), saved.updatedAt()));
    }

    private Mono<Stored> load(UUID organizationId) {
        return db.sql("SELECT document::text AS document, updated_at FROM settings WHERE organization_id = $1")
                .bind(0, organizationId)
                .map(row -> new Stored(json.readValue(row.get("document", String.class), SettingsDocument.class),
                        row.get("updated_at", Instant.class)))
                .one()
                .defaultIfEmpty(new Stored(SettingsDocument.EMPTY, null));
    }

    private Mono<Stored> save(UUID organizationId, SettingsDocument document) {
        return db.sql("""
                        INSERT INTO settings (organization_id, document, updated_at) VALUES ($1, $2, now())
                        ON CONFLICT (organization_id) DO UPDATE SET document = EXCLUDED.document, updated_at = now()
                        RETURNING updated_at""")
                .bind(0, organizationId)
                .bind(1, Json.of(json.writeValueAsString(document)))
                .map(row -> new Stored(document, row.get("updated_at", Instant.class)))
                .one();
    }

    private static SettingsDocument merge(SettingsDocument stored, SettingsDocument changes) {
        Notifications notifications = stored.notifications();
        if (changes.notifications() != null) {
            Notifications before = notifications == null ? new Notifications(null, null) : notifications;
            notifications = new Notifications(
                    changes.notifications().email() != null ? changes.notifications().email() : before.email(),
                    changes.notifications().sms() != null ? changes.notifications().sms() : before.sms());
        }
        Integrations integrations = stored.integrations();
        if (changes.integrations() != null) {
            Integrations before = integrations == null ? new Integrations(null, null) : integrations;
            integrations = new Integrations(
                    mergeShopify(before.shopify(), changes.integrations().shopify()),
                    mergeKlaviyo(before.klaviyo(), changes.integrations().klaviyo()));
        }
        return new SettingsDocument(notifications, integrations);
    }

    private static Shopify mergeShopify(Shopify before, Shopify change) {
        if (change == null) {
            return before;
        }
        return new Shopify(change.enabled(), change.shopDomain(),
                keepSecret(change.accessToken(), before == null ? null : before.accessToken()));
    }

    private static Klaviyo mergeKlaviyo(Klaviyo before, Klaviyo change) {
        if (change == null) {
            return before;
        }
        return new Klaviyo(change.enabled(), keepSecret(change.apiKey(), before == null ? null : before.apiKey()));
    }

    /** A client that echoes the masked value back (or leaves it out) keeps the stored secret. */
    private static String keepSecret(String sent, String stored) {
        return sent == null || sent.startsWith(SettingsResponse.MASK) ? stored : sent;
    }

    private static List<FieldError> validate(SettingsDocument changes) {
        List<FieldError> errors = new ArrayList<>();
        if (changes.notifications() != null) {
            Email email = changes.notifications().email();
            if (email != null) {
                if (email.fromName() != null && (email.fromName().isBlank() || email.fromName().length() > 100)) {
                    errors.add(new FieldError("notifications.email.fromName", "Must be 1 to 100 characters"));
                }
                checkEmail("notifications.email.fromEmail", email.fromEmail(), errors);
                checkEmail("notifications.email.replyToEmail", email.replyToEmail(), errors);
                if (Boolean.TRUE.equals(email.enabled()) && email.fromEmail() == null) {
                    errors.add(new FieldError("notifications.email.fromEmail", "Required when email is enabled"));
                }
            }
            Sms sms = changes.notifications().sms();
            if (sms != null) {
                if (sms.fromNumber() != null && !PHONE.matcher(sms.fromNumber()).matches()) {
                    errors.add(new FieldError("notifications.sms.fromNumber", "Must be an E.164 number such as +4915112345678"));
                }
                if (Boolean.TRUE.equals(sms.enabled()) && sms.fromNumber() == null) {
                    errors.add(new FieldError("notifications.sms.fromNumber", "Required when SMS is enabled"));
                }
            }
        }
        if (changes.integrations() != null) {
            Shopify shopify = changes.integrations().shopify();
            if (shopify != null) {
                if (shopify.shopDomain() != null && !HOST.matcher(shopify.shopDomain()).matches()) {
                    errors.add(new FieldError("integrations.shopify.shopDomain", "Must be a host name such as demo.myshopify.com"));
                }
                checkSecret("integrations.shopify.accessToken", shopify.accessToken(), errors);
            }
            Klaviyo klaviyo = changes.integrations().klaviyo();
            if (klaviyo != null) {
                checkSecret("integrations.klaviyo.apiKey", klaviyo.apiKey(), errors);
            }
        }
        return errors;
    }

    private static void checkEmail(String field, String value, List<FieldError> errors) {
        if (value != null && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            errors.add(new FieldError(field, "Must be a valid email address"));
        }
    }

    private static void checkSecret(String field, String value, List<FieldError> errors) {
        if (value != null && !value.startsWith(SettingsResponse.MASK) && (value.isBlank() || value.length() > 500)) {
            errors.add(new FieldError(field, "Must be 1 to 500 characters"));
        }
    }
}

package io.dropline.commerce.catalog;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The writable fields of a product, as create, update and batch items state them. */
public interface ProductFields {

    int MAX_METADATA_CHARS = 16_384;
    String OBJECT = "Must be an object or null";

    Tristate<String> name();

    Tristate<String> description();

    Tristate<String> sku();

    Tristate<JsonNode> price();

    Tristate<String> currencyCode();

    Tristate<String> status();

    Tristate<ObjectNode> metadata();

    Tristate<String> url();

    Tristate<String> handle();

    Tristate<SyncRefRequest> primarySyncSource();

    /** The checks across fields: the amount's form. */
    default List<FieldError> crossChecks() {
        List<FieldError> errors = new ArrayList<>();
        MoneyField.check("price", price(), errors);
        return errors;
    }

    default ProductWrite toWrite() {
        SyncRefRequest sync = primarySyncSource().hasValue() ? primarySyncSource().value() : null;
        return new ProductWrite(FieldRules.stripped(name()), FieldRules.stripped(description()), FieldRules.stripped(sku()),
                MoneyField.value(price()), FieldRules.stripped(currencyCode()), FieldRules.stripped(status()),
                FieldRules.jsonText(metadata()), FieldRules.stripped(url()), FieldRules.stripped(handle()),
                sync == null ? null : sync.toRef(), primarySyncSource().isNull());
    }

    /** The stored form: stripped text, amounts as decimals; {@code sync} is the upsert key when given. */
    record ProductWrite(Tristate<String> name, Tristate<String> description, Tristate<String> sku, Tristate<BigDecimal> price,
            Tristate<String> currencyCode, Tristate<String> status, Tristate<String> metadataJson, Tristate<String> url,
            Tristate<String> handle, SyncRef sync, boolean clearSync) {
    }

    /** A product's primary sync source: vendor, external id and what the vendor said about it. */
    record SyncRef(String syncSource, String syncSourceId, String sourceDataJson) {
    }

    final class Status implements FieldRules.TextRule {

        static final Set<String> ALL = Set.of("ACTIVE", "DRAFT", "ARCHIVED");

        @Override
        public String problem(String text) {
            return ALL.contains(text) ? null : "Must be one of ACTIVE, DRAFT, ARCHIVED";
        }
    }

    final class HttpsUrl implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            try {
                java.net.URI uri = new java.net.URI(text);
                return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                        ? null : "Must be an http(s) URL";
            } catch (java.net.URISyntaxException bad) {
                return "Must be an http(s) URL";
            }
        }
    }
}

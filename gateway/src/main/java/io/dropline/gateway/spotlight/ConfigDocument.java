package io.dropline.gateway.spotlight;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A tenant's Spotlight config as stored (jsonb) and as sent in {@code PUT /v1/admin/config}: every part optional in a
 * PUT (absent keeps the stored value, present replaces that part whole). The kill switch is not part of it: it has
 * its own endpoint and columns.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigDocument(
        @JsonProperty("admin_strategy") AdminStrategy adminStrategy,
        @JsonProperty("jwks") JwksSource jwks,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("feature_flags") Map<String, Boolean> featureFlags) {

    static final ConfigDocument EMPTY = new ConfigDocument(null, null, null, null);

    /**
     * Who counts as an admin: {@code table_lookup} (the JWT's {@code match_claim}, {@code sub} or {@code email}, is an
     * active admin user of the tenant), {@code claim} (the JWT's {@code claim} equals or contains {@code value}),
     * {@code all_authenticated} (every valid token).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdminStrategy(
            @JsonProperty("type") String type,
            @JsonProperty("match_claim") String matchClaim,
            @JsonProperty("claim") String claim,
            @JsonProperty("value") String value) {

        static final String TABLE_LOOKUP = "table_lookup";
        static final String CLAIM = "claim";
        static final String ALL_AUTHENTICATED = "all_authenticated";
        static final AdminStrategy DEFAULT = new AdminStrategy(TABLE_LOOKUP, "sub", null, null);

        @JsonIgnore
        public boolean isTableLookup() {
            return TABLE_LOOKUP.equals(type);
        }

        @JsonIgnore
        public boolean isClaim() {
            return CLAIM.equals(type);
        }

        /** The JWT claim a table look-up matches on: {@code sub} or {@code email}. */
        @JsonIgnore
        public String lookupClaim() {
            return matchClaim == null ? "sub" : matchClaim;
        }
    }

    /**
     * Where admin JWTs' keys come from: an https {@code url} or inline public {@code keys} (a JWK set's
     * {@code keys} array); {@code issuer} and {@code audiences} are checked when set.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JwksSource(
            @JsonProperty("url") String url,
            @JsonProperty("keys") List<Map<String, Object>> keys,
            @JsonProperty("issuer") String issuer,
            @JsonProperty("audiences") List<String> audiences) {

        @JsonIgnore
        boolean isEmpty() {
            return url == null && keys == null && issuer == null && audiences == null;
        }
    }
}

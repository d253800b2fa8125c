package io.dropline.gateway.spotlight;

import com.nimbusds.jose.jwk.JWK;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.gateway.origins.Origins;
import io.dropline.contracts.outbound.OutboundUrlGuard;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.dropline.gateway.spotlight.ConfigDocument.JwksSource;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a config change and brings it into its stored form (origins canonical, inline keys reduced to their
 * public JSON). Every problem is a 400 VALIDATION_ERROR naming the field; nothing is written unless all is well.
 */
final class ConfigRules {

    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_.:/\\-]{1,100}");
    private static final Pattern FLAG_NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");
    private static final int MAX_FLAGS = 100;
    private static final int MAX_KEYS = 20;
    private static final int MAX_AUDIENCES = 20;

    private ConfigRules() {
    }

    static ConfigDocument normalize(ConfigDocument changes, boolean allowPrivateHosts) {
        List<FieldError> errors = new ArrayList<>();
        AdminStrategy strategy = changes.adminStrategy() == null ? null : strategy(changes.adminStrategy(), errors);
        JwksSource jwks = changes.jwks() == null ? null : jwks(changes.jwks(), allowPrivateHosts, errors);
        List<String> origins = changes.allowedOrigins() == null ? null : origins(changes.allowedOrigins(), errors);
        Map<String, Boolean> flags = changes.featureFlags() == null ? null : flags(changes.featureFlags(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new ConfigDocument(strategy, jwks, origins, flags);
    }

    /** The stored document with the change's parts replacing theirs; {@code "jwks": {}} removes the JWKS source. */
    static ConfigDocument merge(ConfigDocument stored, ConfigDocument change) {
        JwksSource jwks = stored.jwks();
        if (change.jwks() != null) {
            jwks = change.jwks().isEmpty() ? null : change.jwks();
        }
        return new ConfigDocument(
                change.adminStrategy() != null ? change.adminStrategy() : stored.adminStrategy(),
                jwks,
                change.allowedOrigins() != null ? change.allowedOrigins() : stored.allowedOrigins(),
                change.featureFlags() != null ? change.featureFlags() : stored.featureFlags());
    }

    private static AdminStrategy strategy(AdminStrategy strategy, List<FieldError> errors) {
        String type = strategy.type();
        if (type == null) {
            errors.add(new FieldError("admin_strategy.type", "Required: table_lookup, claim or all_authenticated"));
            return null;
        }
        switch (type) {
            case AdminStrategy.TABLE_LOOKUP -> {
                String match = strategy.matchClaim() == null ? "sub" : strategy.matchClaim();
                if (!match.equals("sub") && !match.equals("email")) {
                    errors.add(new FieldError("admin_strategy.match_claim", "Must be sub or email"));
                }
                if (strategy.claim() != null || strategy.value() != null) {
                    errors.add(new FieldError("admin_strategy", "claim and value apply to the claim strategy only"));
                }
                return new AdminStrategy(type, match, null, null);
            }
            case AdminStrategy.CLAIM -> {
                if (strategy.claim() == null || !CLAIM_NAME.matcher(strategy.claim()).matches()) {
                    errors.add(new FieldError("admin_strategy.claim", "Required: a claim name of 1 to 100 characters"));
                }
                if (strategy.value() == null || strategy.value().isEmpty() || strategy.value().length() > 200
                        || ControlCharacters.in(strategy.value())) {
                    errors.add(new FieldError("admin_strategy.value", "Required: 1 to 200 characters, no control characters"));
                }
                if (strategy.matchClaim() != null) {
                    errors.add(new FieldError("admin_strategy.match_claim", "Applies to the table_lookup strategy only"));
                }
                return new AdminStrategy(type, null, strategy.claim(), strategy.value());
            }
            case AdminStrategy.ALL_AUTHENTICATED -> {
                if (strategy.matchClaim() != null || strategy.claim() != null || strategy.value() != null) {
                    errors.add(new FieldError("admin_strategy", "all_authenticated takes no other fields"));
                }
                return new AdminStrategy(type, null, null, null);
            }
            default -> {
                errors.add(new FieldError("admin_strategy.type", "Must be table_lookup, claim or all_authenticated"));
                return null;
            }
        }
    }

    private static JwksSource jwks(JwksSource jwks, boolean allowPrivateHosts, List<FieldError> errors) {
        if (jwks.isEmpty()) {
            return jwks;
        }
        if ((jwks.url() == null) == (jwks.keys() == null)) {
            errors.add(new FieldError("jwks", "Give exactly one of url or keys ({} removes the JWKS)"));
            return null;
        }
        if (jwks.url() != null) {
            String problem = OutboundUrlGuard.problem(jwks.url(), allowPrivateHosts);
            if (problem != null) {
                errors.add(new FieldError("jwks.url", "Must be an https URL of a public host: " + problem));
            }
        }
        List<Map<String, Object>> keys = jwks.keys() == null ? null : keys(jwks.keys(), errors);
        if (jwks.issuer() != null && (jwks.issuer().isEmpty() || jwks.issuer().length() > 500 || ControlCharacters.in(jwks.issuer()))) {
            errors.add(new FieldError("jwks.issuer", "Must be 1 to 500 characters, no control characters"));
        }
        if (jwks.audiences() != null) {
            if (jwks.audiences().size() > MAX_AUDIENCES || jwks.audiences().stream()
                    .anyMatch(aud -> aud == null || aud.isEmpty() || aud.length() > 500 || ControlCharacters.in(aud))) {
                errors.add(new FieldError("jwks.audiences", "At most 20 audiences of 1 to 500 characters, no control characters"));
            }
        }
        return new JwksSource(jwks.url(), keys, jwks.issuer(),
                jwks.audiences() == null || jwks.audiences().isEmpty() ? null : List.copyOf(jwks.audiences()));
    }

    private static List<Map<String, Object>> keys(List<Map<String, Object>> keys, List<FieldError> errors) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            errors.add(new FieldError("jwks.keys", "Must hold 1 to 20 public keys"));
            return null;
        }
        List<Map<String, Object>> normalized = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String field = "jwks.keys[" + i + "]";
            if (keys.get(i) == null) {
                errors.add(new FieldError(field, "Must be a JWK object"));
                continue;
            }
            JWK jwk;
            try {
                jwk = JWK.parse(keys.get(i));
            } catch (ParseException | RuntimeException malformed) {
                errors.add(new FieldError(field, "Must be a JWK (RFC 7517)"));
                continue;
            }
            String problem = JwkRules.problem(jwk);
            // What is stored is the public JWK's JSON (kid, x5u, x5c …): none of it may carry a control character.
            if (problem == null && ControlCharacters.anywhereIn(jwk.toPublicJWK().toJSONObject())) {
                problem = "must not contain control characters";
            }
            if (problem != null) {
                errors.add(new FieldError(field, problem.substring(0, 1).toUpperCase() + problem.substring(1)));
            } else if (!kids.add(jwk.getKeyID())) {
                errors.add(new FieldError(field + ".kid", "Duplicate kid"));
            } else {
                normalized.add(new LinkedHashMap<>(jwk.toPublicJWK().toJSONObject()));
            }
        }
        return normalized;
    }

    /** The shared rules of the one allowed-origins list ({@link Origins}); the Spotlight field is a view of it. */
    private static List<String> origins(List<String> origins, List<FieldError> errors) {
        List<String> normalized = Origins.normalizeAll(origins, "allowed_origins", errors);
        return normalized == null ? null : List.copyOf(normalized);
    }

    private static Map<String, Boolean> flags(Map<String, Boolean> flags, List<FieldError> errors) {
        if (flags.size() > MAX_FLAGS) {
            errors.add(new FieldError("feature_flags", "At most 100 flags"));
            return null;
        }
        Map<String, Boolean> checked = new LinkedHashMap<>();
        flags.forEach((name, value) -> {
            if (ControlCharacters.in(name)) {
                // Not echoed into the field name: the error must not carry the control character back.
                errors.add(new FieldError("feature_flags", "Flag names are 1 to 64 of a-z 0-9 _ . -"));
            } else if (!FLAG_NAME.matcher(name).matches()) {
                errors.add(new FieldError("feature_flags." + name, "Flag names are 1 to 64 of a-z 0-9 _ . -"));
            } else if (value == null) {
                errors.add(new FieldError("feature_flags." + name, "Must be true or false"));
            } else {
                checked.put(name, value);
            }
        });
        return checked;
    }
}

package io.dropline.gateway.spotlight;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which JWKs may verify a Spotlight admin JWT: RSA (≥ 2048 bits, RS256) or EC P-256 (ES256) public signature keys
 * with a {@code kid}. Symmetric ({@code oct}) keys are never accepted, so an HS256 token "signed" with a public key
 * has nothing to be checked against (algorithm confusion).
 */
public final class JwkRules {

    private JwkRules() {
    }

    /** Why this key cannot be configured, or null when it is usable. */
    static String problem(JWK jwk) {
        if (jwk.isPrivate()) {
            return "must be a public key (private key material is refused)";
        }
        if (jwk.getKeyID() == null || jwk.getKeyID().isBlank() || jwk.getKeyID().length() > 200) {
            return "kid is required (1 to 200 characters)";
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return "use must be sig";
        }
        if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < 2048) {
                return "RSA keys need at least 2048 bits";
            }
            return jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()) ? null : "alg must be RS256 for an RSA key";
        }
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                return "EC keys must use the P-256 curve";
            }
            return jwk.getAlgorithm() == null || JWSAlgorithm.ES256.equals(jwk.getAlgorithm()) ? null : "alg must be ES256 for an EC key";
        }
        return "only RSA (RS256) and EC P-256 (ES256) keys are accepted";
    }

    /** The usable keys of a set by kid (public parts only); unusable ones are left out, the first of a kid wins. */
    public static Map<String, JWK> usable(List<JWK> keys) {
        Map<String, JWK> byKid = new LinkedHashMap<>();
        for (JWK key : keys) {
            JWK candidate = key.toPublicJWK();
            if (candidate != null && problem(candidate) == null) {
                byKid.putIfAbsent(candidate.getKeyID(), candidate);
            }
        }
        return Map.copyOf(byKid);
    }
}

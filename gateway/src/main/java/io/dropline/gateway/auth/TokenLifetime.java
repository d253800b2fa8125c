package io.dropline.gateway.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** The time claims every JWT the gateway accepts must satisfy, within a small clock skew. */
final class TokenLifetime {

    private TokenLifetime() {
    }

    /**
     * {@code exp} present and not passed, {@code nbf} (if any) reached, {@code iat} not in the future; {@code iat}
     * must be present when {@code issuedAtRequired} (our own consumer tokens always carry it, a tenant's identity
     * provider may not).
     */
    static boolean valid(JWTClaimsSet claims, Instant now, Duration skew, boolean issuedAtRequired) {
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        return exp != null && exp.toInstant().plus(skew).isAfter(now)
                && (nbf == null || !nbf.toInstant().isAfter(now.plus(skew)))
                && (iat == null ? !issuedAtRequired : !iat.toInstant().isAfter(now.plus(skew)));
    }
}

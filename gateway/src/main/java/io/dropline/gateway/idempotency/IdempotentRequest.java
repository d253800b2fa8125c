package io.dropline.gateway.idempotency;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.Principal;
import io.dropline.gateway.caller.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpMethod;

/**
 * One request under an idempotency key: where the key lives (organization, environment, scope) and what the request
 * was (a hash of method, path with query, and body). Also the rules of which requests take part and what a valid key
 * is, kept beside each other so the ADR and the filter read the same place.
 *
 * @param scope {@code admin} for the Admin API (every secret key of the environment shares it, so a retry after a key
 *              rotation still finds its answer), {@code consumer:cons_…} or {@code guest:cons_…} for one shopper
 */
record IdempotentRequest(UUID organizationId, Environment environment, String scope, String key, byte[] hash) {

    static final int MAX_KEY_LENGTH = 255;

    static final String ADMIN_SCOPE = "admin";

    /**
     * POSTs whose answers are credentials (consumer sessions and tokens, a rotated secret key, stream tokens, operator
     * sessions): they are never stored outside the service that issued them, so the header has no effect there.
     * Repeating them is harmless (another session or token; the rotation's old key no longer authenticates).
     */
    private static final List<String> CREDENTIAL_PATHS = List.of("/api/v1/auth/");
    private static final Set<String> CREDENTIAL_ENDPOINTS = Set.of("/api/v1/organizations/secret-key/rotate",
            "/api/v1/stream-tokens", "/api/v1/operator-sessions");

    /** Admin and Consumer API POSTs: the requests whose {@code Idempotency-Key} is read (and validated). */
    static boolean readsHeader(Caller caller, HttpMethod method) {
        return HttpMethod.POST.equals(method)
                && (caller.surface() == ApiSurface.ADMIN || caller.surface() == ApiSurface.CONSUMER);
    }

    /**
     * The scope of the caller's keys on this path, or null when the key has no effect: credential-issuing paths, and
     * Consumer-API requests without a consumer access token (there is no shopper to scope them to, and a key shared
     * by every anonymous caller of a public publishable key would hand one shopper's answer to another).
     */
    static String scope(Caller caller, String path) {
        if (CREDENTIAL_ENDPOINTS.contains(path) || CREDENTIAL_PATHS.stream().anyMatch(path::startsWith)) {
            return null;
        }
        if (caller.surface() == ApiSurface.ADMIN) {
            return ADMIN_SCOPE;
        }
        Principal principal = caller.principal();
        if (principal.isConsumer() || principal.isGuest()) {
            return principal.type() + ":" + principal.id();
        }
        return null;
    }

    /** 1 to 255 printable ASCII characters (a UUID is the usual choice), not only spaces. */
    static boolean isValidKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.isBlank()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of method, path (with its raw query, if any) and body, with separators no method or path contains. */
    static byte[] hash(HttpMethod method, String path, String rawQuery, byte[] body) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JVM", impossible);
        }
        digest.update(method.name().getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(path.getBytes(StandardCharsets.UTF_8));
        if (rawQuery != null && !rawQuery.isEmpty()) {
            digest.update((byte) '?');
            digest.update(rawQuery.getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) '\n');
        return digest.digest(body);
    }

    boolean sameRequestAs(byte[] storedHash) {
        return MessageDigest.isEqual(hash, storedHash);
    }
}

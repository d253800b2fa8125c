package io.dropline.contracts.session;

/**
 * The Redis keys of the session-revocation cache, shared by consumer-service (which writes them) and the gateway
 * (which reads them on every request with a consumer token).
 *
 * <p>PostgreSQL ({@code consumer_sessions.revoked_at}) is the source of truth; Redis only caches it. The cache
 * says "not revoked" with authority only while its {@link #complete} marker exists: consumer-service sets the
 * marker after it has copied every live revocation from PostgreSQL, and a Redis that lost its data has lost the
 * marker too. Without the marker the gateway asks consumer-service, never assumes.
 */
public final class RevocationKeys {

    private RevocationKeys() {
    }

    /** Present (value "1") while the session {@code sess_…} is revoked and a token of it may still be alive. */
    public static String revoked(String namespace, String sessionId) {
        return namespace + ":sess:revoked:" + sessionId;
    }

    /** Present while the cache holds every live revocation; its value names the rebuild that completed it. */
    public static String complete(String namespace) {
        return namespace + ":sess:revocations:complete";
    }

    /** The rebuild in progress: it must still be there, with the same value, when the rebuild completes. */
    public static String rebuild(String namespace) {
        return namespace + ":sess:revocations:rebuild";
    }
}

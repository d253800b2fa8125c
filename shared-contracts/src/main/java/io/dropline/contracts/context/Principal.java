package io.dropline.contracts.context;

/**
 * Who is calling. {@code type} is one of {@code api_key}, {@code consumer}, {@code guest} (a consumer with a guest
 * session), {@code admin_user}, {@code service};
 * {@code id} is the key id, consumer id, admin user id or service name. {@code keyId} is the API key that
 * carried the request (null for service calls).
 */
public record Principal(String type, String id, String keyId) {

    public static Principal apiKey(String keyId) {
        return new Principal("api_key", keyId, keyId);
    }

    public static Principal consumer(String consumerId, String keyId) {
        return new Principal("consumer", consumerId, keyId);
    }

    public static Principal guest(String consumerId, String keyId) {
        return new Principal("guest", consumerId, keyId);
    }

    /** Whether this is a consumer (guest or authenticated) acting for themselves. */
    public boolean isConsumer() {
        return "consumer".equals(type) || "guest".equals(type);
    }

    public boolean isGuest() {
        return "guest".equals(type);
    }

    /** A Spotlight admin: {@code userId} is the subject the tenant's identity provider put in the admin JWT. */
    public static Principal adminUser(String userId, String keyId) {
        return new Principal("admin_user", userId, keyId);
    }

    public boolean isAdminUser() {
        return "admin_user".equals(type);
    }

    public static Principal service(String name) {
        return new Principal("service", name, null);
    }
}

package io.dropline.gateway.caller;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import java.util.Map;
import java.util.UUID;

/**
 * A verified API key and what it stands for.
 *
 * @param rateLimits the organization's per-category overrides (raw JSON values: a number or {perMinute, burst})
 */
public record AuthenticatedKey(UUID keyId, UUID organizationId, KeyType type, Environment environment,
        Map<String, Object> rateLimits) {

    public String publicKeyId() {
        return Ids.format("key", keyId);
    }
}

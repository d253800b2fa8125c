package io.dropline.gateway.apikey;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.caller.KeyType;
import java.time.Instant;
import java.util.UUID;

/** A key just created: the only moment its plaintext exists outside the client. */
public record IssuedKey(UUID id, KeyType type, Environment environment, String plaintext, Instant createdAt) {

    public String publicId() {
        return Ids.format("key", id);
    }
}

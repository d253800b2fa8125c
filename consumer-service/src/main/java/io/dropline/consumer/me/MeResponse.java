package io.dropline.consumer.me;

import io.dropline.consumer.consumer.ConsumerProfile;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.Map;

/** {@code { id, email, phone, fullName, createdAt, active }}; {@code active} is empty for now (see MeService). */
record MeResponse(String id, String email, String phone, String fullName, Instant createdAt, Map<String, Object> active) {

    static MeResponse from(ConsumerProfile consumer) {
        return new MeResponse(Ids.format("cons", consumer.id()), consumer.email(), consumer.phone(), consumer.fullName(),
                consumer.createdAt(), Map.of());
    }
}

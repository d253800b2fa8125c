package io.dropline.consumer.consumer;

import java.time.Instant;
import java.util.UUID;

/** What other features (sessions, {@code /consumers/me}) may know of a consumer: identity and contact fields. */
public record ConsumerProfile(UUID id, String email, String phone, String fullName, Instant createdAt) {

    static ConsumerProfile from(ConsumerEntity entity) {
        return new ConsumerProfile(entity.id(), entity.email(), entity.phone(), entity.fullName(), entity.createdAt());
    }
}

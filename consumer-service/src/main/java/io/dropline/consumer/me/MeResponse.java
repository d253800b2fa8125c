package io.dropline.consumer.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.consumer.consumer.ConsumerProfile;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code { id, email, phone, fullName, createdAt, active }} (Fanfare §7.3). When the participations could not be
 * read, {@code active} is null and {@code activeUnavailable: true} says so; otherwise the flag is left out.
 */
record MeResponse(String id, String email, String phone, String fullName, Instant createdAt, ActiveParticipations active,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean activeUnavailable) {

    static MeResponse from(ConsumerProfile consumer, Optional<ActiveParticipations> active) {
        return new MeResponse(Ids.format("cons", consumer.id()), consumer.email(), consumer.phone(), consumer.fullName(),
                consumer.createdAt(), active.orElse(null), active.isPresent() ? null : Boolean.TRUE);
    }
}

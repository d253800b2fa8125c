package io.dropline.audience.audience;

import java.time.Instant;

/** A member of a static audience: the consumer's id only (consumers live in consumer-service). */
record MemberResponse(String consumerId, Instant addedAt) {

    static MemberResponse from(MemberEntity entity) {
        return new MemberResponse(AudienceIds.formatConsumer(entity.consumerId()), entity.addedAt());
    }
}

package io.dropline.audience.audience;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code audience_members}. */
record MemberEntity(UUID audienceId, UUID consumerId, Instant addedAt) {

    static final String COLUMNS = "audience_id, consumer_id, added_at";

    static MemberEntity from(Readable row) {
        return new MemberEntity(
                row.get("audience_id", UUID.class),
                row.get("consumer_id", UUID.class),
                row.get("added_at", Instant.class));
    }
}

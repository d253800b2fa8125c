package io.dropline.experiences.access.draw;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /draws/{id}/results}: everything needed to recompute the draw (docs/draws.md). {@code entries} are every
 * entry that took part, ordered by key ascending, one page at a time ({@code after} = the last key of the previous
 * page); {@code winners} and {@code backfills} (entry ids in selection order) are on the first page only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrawResults(
        String drawId,
        String rule,
        String seed,
        String seedCommitment,
        Instant drawnAt,
        int entryCount,
        int winnerCount,
        boolean loyaltyBiasEnabled,
        boolean continueSelectingUntilCompleted,
        List<String> winners,
        List<String> backfills,
        List<Entry> entries,
        PageInfo pageInfo) {

    /** The rule's name: ordering by the HMAC key, or by the smallest of {@code weight} HMAC tickets. */
    static final String RULE_PLAIN = "hmac-sha256-v1";
    static final String RULE_WEIGHTED = "hmac-sha256-min-of-weight-tickets-v1";

    /** One entry in the draw: its public id, its key, and its weight when loyalty bias is on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String entryId, String key, Integer weight) {
    }

    /** {@code endCursor} is the last key of this page: pass it as {@code after} for the next. */
    public record PageInfo(boolean hasNextPage, String endCursor, int limit) {
    }
}

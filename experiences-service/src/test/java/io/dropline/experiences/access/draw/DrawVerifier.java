package io.dropline.experiences.access.draw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * Recomputes a draw from its published results alone, as docs/draws.md tells anyone to, written here again from the
 * documentation (it does not call {@link DrawKeys}): the commitment is SHA-256 of the seed, each entry's key is the
 * smallest of its weight's HMAC-SHA256 tickets, entries ordered by key, the first winnerCount win, backfills follow in
 * the same order.
 */
final class DrawVerifier {

    private DrawVerifier() {
    }

    /** What the published data proves: the recomputed order, and the winners and backfills it implies. */
    record Recomputed(List<String> order, List<String> winners) {
    }

    /** Checks every published fact against the recomputation; {@code entries} are all pages' entries, concatenated. */
    static Recomputed verify(JsonNode firstPage, List<JsonNode> entries) throws Exception {
        byte[] seed = HexFormat.of().parseHex(firstPage.get("seed").asString());
        assertThat(seed).hasSize(32);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed)))
                .isEqualTo(firstPage.get("seedCommitment").asString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(seed, "HmacSHA256"));
        record Keyed(String id, String key) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (JsonNode entry : entries) {
            String id = entry.get("entryId").asString();
            int weight = entry.has("weight") ? entry.get("weight").asInt() : 1;
            String best = null;
            for (int ticket = 1; ticket <= weight; ticket++) {
                String message = ticket == 1 ? id : id + "#" + ticket;
                String value = HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
                best = best == null || value.compareTo(best) < 0 ? value : best;
            }
            assertThat(entry.get("key").asString()).as("published key of %s", id).isEqualTo(best);
            keyed.add(new Keyed(id, best));
        }
        List<String> published = keyed.stream().map(Keyed::id).toList();
        List<String> order = keyed.stream().sorted(Comparator.comparing(Keyed::key)).map(Keyed::id).toList();
        assertThat(published).as("entries are published in key order").isEqualTo(order);
        assertThat(entries).hasSize(firstPage.get("entryCount").asInt());
        int winnerCount = firstPage.get("winnerCount").asInt();
        List<String> winners = order.subList(0, Math.min(winnerCount, order.size()));
        List<String> publishedWinners = new ArrayList<>();
        firstPage.get("winners").forEach(id -> publishedWinners.add(id.asString()));
        assertThat(publishedWinners).isEqualTo(winners);
        List<String> backfills = new ArrayList<>();
        firstPage.get("backfills").forEach(id -> backfills.add(id.asString()));
        assertThat(backfills).as("backfills follow the winners in key order")
                .isEqualTo(order.subList(winners.size(), winners.size() + backfills.size()));
        return new Recomputed(order, winners);
    }
}

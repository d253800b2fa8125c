package io.dropline.experiences.spotlight.targeting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic rollout bucketing (reference §10.3): {@code uint64_be(SHA-256(utf8(item_id + ":" + user_key))[0:8])
 * mod 10000}, in iff below {@code round(percentage × 100)}. The item id is the salt, so a user keeps their bucket
 * across publishes and raising the percentage only adds users.
 */
public final class Rollout {

    private Rollout() {
    }

    public static int bucket(String itemId, String userKey) {
        byte[] digest = sha256().digest((itemId + ":" + userKey).getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 10_000);
    }

    public static boolean includes(String itemId, String userKey, double percentage) {
        long threshold = Math.round(percentage * 100);
        return threshold >= 10_000 || threshold > 0 && bucket(itemId, userKey) < threshold;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

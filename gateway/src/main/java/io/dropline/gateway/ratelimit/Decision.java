package io.dropline.gateway.ratelimit;

/**
 * The answer for one request, described by the bucket that decided it (the category's bucket when allowed, the
 * exhausted one when not).
 *
 * @param resetEpochSecond when that bucket is full again
 * @param retryAfterSeconds when the next token arrives (0 when allowed)
 */
record Decision(boolean allowed, Bucket bucket, long remaining, long resetEpochSecond, long retryAfterSeconds) {

    /**
     * Builds the decision from raw per-bucket figures laid out as the Lua script returns them:
     * {@code allowed, nowSeconds, (remaining, msUntilFull, msUntilNextToken) per bucket}.
     */
    static Decision from(java.util.List<Bucket> buckets, long[] raw) {
        boolean allowed = raw[0] == 1;
        long nowSeconds = raw[1];
        int reported = 0;
        if (!allowed) {
            for (int i = 0; i < buckets.size(); i++) {
                if (raw[2 + 3 * i + 2] > 0) {
                    reported = i;
                    break;
                }
            }
        }
        long remaining = Math.max(0, raw[2 + 3 * reported]);
        long msUntilFull = raw[2 + 3 * reported + 1];
        long msUntilNext = raw[2 + 3 * reported + 2];
        return new Decision(allowed, buckets.get(reported), remaining,
                nowSeconds + ceilDiv(msUntilFull, 1000), allowed ? 0 : Math.max(1, ceilDiv(msUntilNext, 1000)));
    }

    /** {@code value / divisor} rounded up (Java 17 has no {@code Math.ceilDiv}). */
    static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }
}

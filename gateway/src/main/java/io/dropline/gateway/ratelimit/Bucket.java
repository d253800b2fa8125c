package io.dropline.gateway.ratelimit;

/**
 * One token bucket: holds up to {@code capacity} tokens, refilled at {@code perMinute / 60} per second.
 *
 * @param key Redis key ({@code <namespace>:rl:{<org>:<env>}:<category>[:<subject>]}); also the local fallback's key
 */
record Bucket(String key, String category, int perMinute, int capacity) {

    double ratePerSecond() {
        return perMinute / 60.0;
    }
}

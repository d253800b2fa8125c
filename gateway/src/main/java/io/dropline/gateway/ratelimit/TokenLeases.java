package io.dropline.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokens this replica took from the shared buckets in Redis ahead of use, so that the requests of a busy bucket are
 * decided here, without a Redis call (docs/adr/0030-leased-rate-limit-tokens.md). A request that finds one of its
 * buckets without a leased token asks Redis for its own token and {@link #extra} more, which later requests spend; one
 * request at a time renews a bucket's lease, when half of it is left.
 *
 * <p>A leased token is paid in Redis before it is spent, so the replicas together never admit more than the shared
 * bucket gives out: over any window a bucket admits at most its capacity and refill, plus what was leased before the
 * window and spent in it (at most one and a half leases per replica). The price is the other way round: tokens one replica
 * holds are not available to another until it spends them or forgets them after {@link #IDLE}. {@code extra} is a small
 * share of the bucket's capacity and nothing for a small bucket, and one replica's limits stay exact.
 */
final class TokenLeases {

    /** A lease nobody drew on for this long is forgotten with its tokens (a consumer who went away). */
    static final Duration IDLE = Duration.ofMinutes(1);
    /** The most one call leases for one bucket, whatever the limit: a huge limit needs no larger lease. */
    static final int MAX_EXTRA = 1000;

    /** One bucket's leased tokens and where the shared bucket stood when Redis last spoke of it (for the headers). */
    private static final class Lease {
        private final int perMinute;
        private final int capacity;
        private int tokens;
        private long sharedRemaining;
        private long resetEpochSecond;
        private boolean leasing;

        Lease(Bucket bucket) {
            this.perMinute = bucket.perMinute();
            this.capacity = bucket.capacity();
        }

        /** False once the organization's limit changed: the tokens were leased under the old one. */
        boolean of(Bucket bucket) {
            return perMinute == bucket.perMinute() && capacity == bucket.capacity();
        }

        /** Takes a token; the decision it makes for the bucket, or null when the lease is spent. */
        synchronized Decision take(Bucket bucket) {
            if (tokens < 1) {
                return null;
            }
            tokens--;
            return new Decision(true, bucket, sharedRemaining + tokens, resetEpochSecond, 0);
        }

        synchronized void giveBack() {
            tokens++;
        }

        /**
         * True for the one request that renews the lease now: it asks Redis for its own token and a lease while the
         * others still spend what is left (down to half a lease, so that a busy bucket's lease never runs dry).
         */
        synchronized boolean startLeasing(int lowWater) {
            if (leasing || tokens > lowWater) {
                return false;
            }
            leasing = true;
            return true;
        }

        synchronized void endLeasing() {
            leasing = false;
        }

        /** Adds the tokens Redis granted beyond the request's own and its word on the bucket; the tokens now held. */
        synchronized int add(int leased, long remaining, long resetAt) {
            tokens += leased;
            sharedRemaining = remaining;
            resetEpochSecond = resetAt;
            return tokens;
        }
    }

    private final Cache<String, Lease> leases = Caffeine.newBuilder()
            .expireAfterAccess(IDLE)
            .maximumSize(200_000)
            .build();
    private final double share;
    private final double refillSeconds;

    /**
     * @param share  the share of a bucket's capacity one call may lease (0 turns leasing off)
     * @param refill a call leases at most what the bucket refills in this time
     */
    TokenLeases(double share, Duration refill) {
        this.share = share;
        this.refillSeconds = refill.toNanos() / 1e9;
    }

    /** How many tokens beyond its own a request asks of this bucket when it leases. */
    int extra(Bucket bucket) {
        double extra = Math.min(bucket.capacity() * share, bucket.ratePerSecond() * refillSeconds);
        return (int) Math.min(MAX_EXTRA, Math.max(0, Math.floor(extra)));
    }

    /**
     * Takes one leased token from every bucket of the request that has one, and marks the leases this request renews
     * (those down to half a lease that nobody is renewing yet).
     */
    Reservation reserve(List<Bucket> buckets) {
        Reservation reservation = new Reservation(buckets);
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            int extra = extra(bucket);
            if (extra == 0) {
                continue;
            }
            Lease lease = leaseOf(bucket);
            Decision decided = lease.take(bucket);
            if (decided != null) {
                reservation.taken[i] = lease;
                if (i == 0) {
                    reservation.leased = decided;
                }
            }
            if (lease.startLeasing(extra / 2)) {
                reservation.leasing[i] = lease;
            }
        }
        return reservation;
    }

    /** The bucket's lease, an empty one the first time or after its limit changed. */
    private Lease leaseOf(Bucket bucket) {
        // getIfPresent first: the usual hit allocates no capturing lambda on the request's path; a miss still
        // creates the lease atomically, so concurrent first requests share one.
        Lease lease = leases.getIfPresent(bucket.key());
        if (lease == null) {
            lease = leases.get(bucket.key(), key -> new Lease(bucket));
        }
        if (!lease.of(bucket)) {
            lease = new Lease(bucket);
            leases.put(bucket.key(), lease);
        }
        return lease;
    }

    /** The leased tokens one request holds, and the leases it renews, while Redis is asked for the rest. */
    final class Reservation {

        private final List<Bucket> buckets;
        private final Lease[] taken;
        private final Lease[] leasing;
        private Decision leased;
        private boolean settled;

        private Reservation(List<Bucket> buckets) {
            this.buckets = buckets;
            this.taken = new Lease[buckets.size()];
            this.leasing = new Lease[buckets.size()];
        }

        /** True when every bucket gave a leased token and no lease is due: the request is allowed without Redis. */
        boolean complete() {
            for (int i = 0; i < buckets.size(); i++) {
                if (asked(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Redis is asked about a bucket for the request's own token, or to renew the bucket's lease, or both. */
        private boolean asked(int i) {
            return taken[i] == null || leasing[i] != null;
        }

        /** The decision of a complete reservation, described by the request's first (category) bucket. */
        Decision decision() {
            return leased;
        }

        /** The buckets Redis must be asked about, in the request's order. */
        List<Bucket> asked() {
            List<Bucket> asked = new ArrayList<>(buckets.size());
            for (int i = 0; i < buckets.size(); i++) {
                if (asked(i)) {
                    asked.add(buckets.get(i));
                }
            }
            return asked;
        }

        /**
         * What each asked bucket must hold for the request to pass (1: its token comes from Redis; 0: it was leased,
         * Redis only renews the lease) and what it is asked for (that token, plus a lease where this request renews
         * it), as pairs in the order of {@link #asked()}.
         */
        int[] needed() {
            int[] needed = new int[2 * buckets.size()];
            int next = 0;
            for (int i = 0; i < buckets.size(); i++) {
                if (asked(i)) {
                    int own = taken[i] == null ? 1 : 0;
                    needed[next++] = own;
                    needed[next++] = own + (leasing[i] != null ? extra(buckets.get(i)) : 0);
                }
            }
            return Arrays.copyOf(needed, next);
        }

        /**
         * Redis's answer for the asked buckets ({@code token_bucket.lua}'s layout): allowed, the leased tokens are
         * spent and the tokens granted beyond the request's own are leased; refused, the leased tokens go back.
         */
        synchronized Decision settle(List<Bucket> asked, long[] raw) {
            Decision redis = Decision.from(asked, raw);
            if (!redis.allowed()) {
                release();
                return redis;
            }
            settled = true;
            int count = asked.size();
            int firstHeld = 0;
            int next = 0;
            for (int i = 0; i < buckets.size(); i++) {
                if (!asked(i)) {
                    continue;
                }
                Lease lease = leasing[i];
                if (lease != null) {
                    long granted = raw[2 + 3 * count + next] - (taken[i] == null ? 1 : 0);
                    long resetAt = raw[1] + Decision.ceilDiv(raw[2 + 3 * next + 1], 1000);
                    int held = lease.add((int) granted, raw[2 + 3 * next], resetAt);
                    lease.endLeasing();
                    if (i == 0) {
                        firstHeld = held;
                    }
                }
                next++;
            }
            if (!asked(0)) {
                return leased;
            }
            // The category bucket was asked of Redis: what it has left includes the tokens this replica now holds.
            return new Decision(true, redis.bucket(), redis.remaining() + firstHeld, redis.resetEpochSecond(), 0);
        }

        /** Gives the leased tokens back (the request was refused, failed or cancelled); nothing once settled. */
        synchronized void release() {
            if (settled) {
                return;
            }
            settled = true;
            for (int i = 0; i < buckets.size(); i++) {
                if (taken[i] != null) {
                    taken[i].giveBack();
                }
                if (leasing[i] != null) {
                    leasing[i].endLeasing();
                }
            }
        }
    }
}

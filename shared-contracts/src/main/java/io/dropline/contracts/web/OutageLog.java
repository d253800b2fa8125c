package io.dropline.contracts.web;

import io.dropline.contracts.context.InternalContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.springframework.web.server.ServerWebExchange;

/**
 * Logs the requests a dependency outage fails (PostgreSQL, Redis or a peer down: the 503s of {@link ErrorMapping},
 * docs/adr/0006) once per cause: at WARN, as one line without a stack trace, at most one line per cause every
 * {@link #WINDOW}, each line counting the failures of that cause not logged since the previous one. In an outage
 * every request fails alike, so a line per request (let alone a stack trace per request: 26,439 of 32,364 gateway
 * lines in one PostgreSQL outage) says nothing the first line did not and buries everything else.
 *
 * <p>What libraries log about the same outage (r2dbc-postgresql's "Connection Error", a transaction manager's failed
 * commit, a failing health check) is held to the same rule by {@code telemetry.OutageLogEncoder}.
 *
 * <p>A cause is the failure's type and its root cause's type and message ("Connection refused: /127.0.0.1:5432"),
 * so PostgreSQL, Redis and each peer are told apart. Long numbers in messages are ignored, and past
 * {@value #MAX_CAUSES} distinct causes the rest share one, so the log stays bounded whatever the messages say.
 */
public final class OutageLog {

    /** At most one line per cause this often. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    static final int MAX_CAUSES = 64;
    private static final String OTHER_CAUSES = "(other causes)";
    private static final Pattern LONG_NUMBERS = Pattern.compile("\\d{6,}");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");
    private static final long NEVER = Long.MIN_VALUE;

    private final Logger log;
    private final Throttle throttle;

    public OutageLog(Logger log) {
        this(log, new Throttle());
    }

    OutageLog(Logger log, Duration window, LongSupplier nanoClock) {
        this(log, new Throttle(window, nanoClock));
    }

    private OutageLog(Logger log, Throttle throttle) {
        this.log = log;
        this.throttle = throttle;
    }

    /**
     * {@code what} happened for lack of a dependency ({@code "GET /api/v1/settings answered 503"}), because of
     * {@code failure}; the line carries the exchange's request id and organization.
     */
    public void warn(ServerWebExchange exchange, String what, Throwable failure) {
        long unlogged = throttle.admit(failure);
        if (unlogged >= 0) {
            RequestLog.with(exchange, () -> log.warn("{}", line(what, failure, unlogged)));
        }
    }

    /** As {@link #warn(ServerWebExchange, String, Throwable)}, in a service, for the request of {@code caller}. */
    public void warn(InternalContext caller, String what, Throwable failure) {
        long unlogged = throttle.admit(failure);
        if (unlogged >= 0) {
            RequestLog.with(caller, () -> log.warn("{}", line(what, failure, unlogged)));
        }
    }

    /**
     * The line: {@code what}, the failure and its root cause on one line, and how many failures of this cause went
     * unlogged since its previous line.
     */
    public static String line(String what, Throwable failure, long unlogged) {
        String line = what + ": " + describe(failure);
        return unlogged == 0 ? line : line + "; " + unlogged + " more like it since the last line of this cause (one line"
                + " per cause every " + WINDOW.toSeconds() + " s)";
    }

    static String causeOf(Throwable failure) {
        Throwable root = root(failure);
        String message = root.getMessage() == null ? "" : LONG_NUMBERS.matcher(root.getMessage()).replaceAll("#");
        return failure.getClass().getName() + " / " + root.getClass().getName() + ": " + message;
    }

    /** The failure and its root cause, on one line (a message's own line breaks become spaces). */
    static String describe(Throwable failure) {
        Throwable root = root(failure);
        String described = root == failure ? failure.toString() : failure + " (cause: " + root + ")";
        return LINE_BREAKS.matcher(described).replaceAll(" ");
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * Which failures are due a line: one per cause every {@link #WINDOW}, the others counted. Thread-safe; one per
     * place that logs, so each place reports its first failure of a cause.
     */
    public static final class Throttle {

        private final long windowNanos;
        private final LongSupplier nanoClock;
        private final Map<String, Cause> causes = new ConcurrentHashMap<>();

        public Throttle() {
            this(WINDOW, System::nanoTime);
        }

        Throttle(Duration window, LongSupplier nanoClock) {
            this.windowNanos = window.toNanos();
            this.nanoClock = nanoClock;
        }

        /**
         * -1 when a line of this failure's cause was written within the window (this one is counted instead);
         * otherwise how many failures of the cause went unlogged since its previous line.
         */
        public long admit(Throwable failure) {
            String key = causeOf(failure);
            Cause cause = causes.get(key);
            if (cause == null) {
                cause = causes.computeIfAbsent(causes.size() >= MAX_CAUSES ? OTHER_CAUSES : key, ignored -> new Cause());
            }
            long now = nanoClock.getAsLong();
            long last = cause.loggedAt.get();
            if ((last == NEVER || now - last >= windowNanos) && cause.loggedAt.compareAndSet(last, now)) {
                return cause.unlogged.sumThenReset();
            }
            cause.unlogged.increment();
            return -1;
        }
    }

    private static final class Cause {
        final AtomicLong loggedAt = new AtomicLong(NEVER);
        final LongAdder unlogged = new LongAdder();
    }
}

package io.dropline.contracts.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.dropline.contracts.web.ErrorMapping;
import io.dropline.contracts.web.OutageLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Wraps the console encoder (plain or JSON alike) so that what libraries log about a dependency outage obeys the
 * same rule as Dropline's own lines ({@link OutageLog}): a WARN or ERROR line whose exception means PostgreSQL, Redis
 * or a peer is unavailable ({@link ErrorMapping#dependencyUnavailable}) is written once per cause every
 * {@link OutageLog#WINDOW}, at WARN, with the exception on the same line and no stack trace. Before, r2dbc-postgresql
 * wrote a "Connection Error" per failed connection attempt and Spring's transaction manager a full stack trace per
 * failed commit: 26,439 of 32,364 gateway lines in one PostgreSQL outage were stack frames.
 *
 * <p>An encoder, not a turbo filter: it sees only lines that are written, so the level checks every request makes
 * ({@code isDebugEnabled}) cost nothing more.
 */
final class OutageLogEncoder extends ContextAwareBase implements Encoder<ILoggingEvent> {

    private final Encoder<ILoggingEvent> delegate;
    private final OutageLog.Throttle throttle = new OutageLog.Throttle();

    OutageLogEncoder(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Throwable failure = outage(event);
        if (failure == null) {
            return delegate.encode(event);
        }
        long unlogged = throttle.admit(failure);
        if (unlogged < 0) {
            return new byte[0];
        }
        return delegate.encode(new OneLine(event, OutageLog.line(event.getFormattedMessage(), failure, unlogged)));
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public boolean isStarted() {
        return delegate.isStarted();
    }

    private static Throwable outage(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)
                || !(event.getThrowableProxy() instanceof ThrowableProxy proxy)) {
            return null;
        }
        Throwable failure = proxy.getThrowable();
        return ErrorMapping.dependencyUnavailable(failure) ? failure : null;
    }

    /** The event as one WARN line: its message with the failure appended, without the exception's stack trace. */
    private record OneLine(ILoggingEvent event, String message) implements ILoggingEvent {

        @Override
        public String getThreadName() {
            return event.getThreadName();
        }

        @Override
        public Level getLevel() {
            return Level.WARN;
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public Object[] getArgumentArray() {
            return null;
        }

        @Override
        public String getFormattedMessage() {
            return message;
        }

        @Override
        public String getLoggerName() {
            return event.getLoggerName();
        }

        @Override
        public LoggerContextVO getLoggerContextVO() {
            return event.getLoggerContextVO();
        }

        @Override
        public IThrowableProxy getThrowableProxy() {
            return null;
        }

        @Override
        public StackTraceElement[] getCallerData() {
            return event.getCallerData();
        }

        @Override
        public boolean hasCallerData() {
            return event.hasCallerData();
        }

        @Override
        public List<Marker> getMarkerList() {
            return event.getMarkerList();
        }

        @Override
        public Map<String, String> getMDCPropertyMap() {
            return event.getMDCPropertyMap();
        }

        @Override
        @SuppressWarnings("deprecation")
        public Map<String, String> getMdc() {
            return event.getMDCPropertyMap();
        }

        @Override
        public long getTimeStamp() {
            return event.getTimeStamp();
        }

        @Override
        public int getNanoseconds() {
            return event.getNanoseconds();
        }

        @Override
        public Instant getInstant() {
            return event.getInstant();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public List<KeyValuePair> getKeyValuePairs() {
            return event.getKeyValuePairs();
        }

        @Override
        public void prepareForDeferredProcessing() {
            event.prepareForDeferredProcessing();
        }
    }
}

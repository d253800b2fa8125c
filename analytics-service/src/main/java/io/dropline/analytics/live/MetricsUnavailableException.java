package io.dropline.analytics.live;

import io.dropline.contracts.client.PeerUnavailableException;

/** A live metrics source did not answer usefully (down, too slow, breaker open, route missing). */
public class MetricsUnavailableException extends PeerUnavailableException {

    public MetricsUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}

package io.dropline.contracts.client;

/**
 * A peer service did not give a usable answer (refused, timed out, 5xx, an unexpected status). Each client names
 * its own subtype, so that callers can tell one peer's outage from another's and never read it as an empty answer.
 */
public abstract class PeerUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    protected PeerUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause, false, false);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again soon could help (connection problems, timeouts, 5xx), as opposed to a 4xx we caused. */
    public boolean transientFailure() {
        return transientFailure;
    }
}

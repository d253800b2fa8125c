package io.dropline.experiences.audience;

/**
 * audience-service did not give a usable answer (refused, timed out, 5xx, an unexpected status, or the breaker
 * is open). Kept apart from "not a member": an outage must never quietly deny a consumer a path.
 */
class AudienceUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    AudienceUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause, false, false);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again soon could help (connection problems, timeouts, 5xx), as opposed to a 4xx we caused. */
    boolean transientFailure() {
        return transientFailure;
    }
}

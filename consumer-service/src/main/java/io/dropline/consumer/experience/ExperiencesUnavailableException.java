package io.dropline.consumer.experience;

/**
 * experiences-service did not give a usable answer (refused, timed out, 5xx, an unexpected status, or the breaker
 * is open). Kept apart from "takes part in nothing": an outage must never read as an empty participation list.
 */
public class ExperiencesUnavailableException extends RuntimeException {

    private final boolean transientFailure;

    ExperiencesUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause, false, false);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again soon could help (connection problems, timeouts, 5xx), as opposed to a 4xx we caused. */
    boolean transientFailure() {
        return transientFailure;
    }
}

package io.dropline.consumer.experience;

import io.dropline.contracts.client.PeerUnavailableException;

/**
 * experiences-service did not give a usable answer (refused, timed out, 5xx, an unexpected status, or the breaker
 * is open). Kept apart from "takes part in nothing": an outage must never read as an empty participation list.
 */
public class ExperiencesUnavailableException extends PeerUnavailableException {

    ExperiencesUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}

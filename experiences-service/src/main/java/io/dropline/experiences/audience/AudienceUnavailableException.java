package io.dropline.experiences.audience;

import io.dropline.contracts.client.PeerUnavailableException;

/**
 * audience-service did not give a usable answer (refused, timed out, 5xx, an unexpected status, or the breaker
 * is open). Kept apart from "not a member": an outage must never quietly deny a consumer a path.
 */
class AudienceUnavailableException extends PeerUnavailableException {

    AudienceUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}

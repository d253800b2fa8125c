package io.dropline.experiences.commerce;

import io.dropline.contracts.client.PeerUnavailableException;

/** commerce-service did not give a usable answer (refused, timed out, 5xx, an unexpected status, or the breaker is open). */
class CommerceUnavailableException extends PeerUnavailableException {

    CommerceUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}

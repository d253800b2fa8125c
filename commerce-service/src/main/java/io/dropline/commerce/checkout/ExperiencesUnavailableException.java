package io.dropline.commerce.checkout;

import io.dropline.contracts.client.PeerUnavailableException;

/** experiences-service gave no usable answer (refused, timed out, 5xx, breaker open). */
class ExperiencesUnavailableException extends PeerUnavailableException {

    ExperiencesUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}

package io.dropline.gateway.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.contracts.error.ApiException;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/operator-sessions}: the queue the session is for ({@code queue_…}). Checked by hand, like the
 * stream-token request, to keep Bean Validation's first resource-bundle read off the event loop.
 */
record OperatorSessionRequest(@JsonProperty("queueId") String queueId) {

    private static final Pattern QUEUE_ID = Pattern.compile("queue_[A-Za-z0-9_-]{1,94}");

    String validQueueId() {
        if (queueId == null || !QUEUE_ID.matcher(queueId).matches()) {
            throw ApiException.validation("queueId", "Must be a queue id (queue_…)");
        }
        return queueId;
    }
}

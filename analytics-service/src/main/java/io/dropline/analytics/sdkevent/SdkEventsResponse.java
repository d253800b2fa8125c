package io.dropline.analytics.sdkevent;

import java.util.List;

/** The answer to a batch: how many events were stored, how many were already known, and which were refused. */
record SdkEventsResponse(int accepted, int duplicates, List<RejectedEvent> rejected) {
}

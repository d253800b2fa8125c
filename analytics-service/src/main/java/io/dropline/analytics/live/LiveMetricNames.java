package io.dropline.analytics.live;

import java.util.Map;

/** The live metrics a query may ask for (op {@code live}), and the service that owns each (metrics contract). */
public final class LiveMetricNames {

    public static final String EXPERIENCES = "experiences-service";
    public static final String COMMERCE = "commerce-service";

    public static final Map<String, String> OWNERS = Map.of(
            "queue.length", EXPERIENCES,
            "participants.active", EXPERIENCES,
            "admission.rate", EXPERIENCES,
            "distributions.open", EXPERIENCES,
            "inventory.remaining", COMMERCE,
            "orders.pending", COMMERCE);

    private LiveMetricNames() {
    }
}

package io.dropline.commerce.order;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Order ids: {@code order_…}; malformed is answered like unknown. */
public final class OrderIds {

    public static final String ORDER = "order";

    private OrderIds() {
    }

    public static UUID parse(String id) {
        return Ids.parse(ORDER, id).orElseThrow(OrderIds::notFound);
    }

    public static ApiException notFound() {
        return ApiException.notFound("Order");
    }
}

package io.dropline.commerce.checkout;

import io.dropline.commerce.catalog.Inventory;
import io.dropline.commerce.common.AdminOnly;
import io.dropline.commerce.order.OrderIds;
import io.dropline.commerce.order.OrderService;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.RequestLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The checkout hand-off (reference §11): an admitted consumer's grant, a variant and a quantity become a pending order
 * whose units are reserved until the grant expires. The grant is verified offline (signature, expiry, tenant); a grant
 * this service already saw completed is "used". Every invalid grant answers 403 {@code ADMISSION_INVALID} before
 * anything is reserved. Checking out the same grant again answers the same pending order (idempotent).
 */
@Service
class CheckoutService {

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);
    /** A grant without an expiry (discouraged) still gets a bounded reservation. */
    private static final Duration NO_EXPIRY_HOLD = Duration.ofMinutes(10);

    private final GrantVerifier verifier;
    private final OrderService orders;
    private final Inventory inventory;
    private final RequestBodies bodies;
    private final Clock clock;

    CheckoutService(GrantVerifier verifier, OrderService orders, Inventory inventory, RequestBodies bodies, Clock clock,
            tools.jackson.databind.json.JsonMapper mapper, jakarta.validation.Validator validator) {
        io.dropline.commerce.common.RequestTypes.warm(mapper, validator, CheckoutRequest.class);
        this.verifier = verifier;
        this.orders = orders;
        this.inventory = inventory;
        this.bodies = bodies;
        this.clock = clock;
    }

    record Outcome(io.dropline.commerce.order.OrderResponse order, boolean created) {
    }

    Mono<Outcome> checkout(InternalContext context, JsonNode body) {
        return Mono.fromCallable(() -> {
                    AdminOnly.require(context, OrderIds::notFound);
                    return bodies.read(body, CheckoutRequest.class, CheckoutRequest::crossChecks);
                })
                .flatMap(request -> verifier.verify(context, request.grant())
                        .flatMap(verified -> {
                            if (verified.grant() == null) {
                                RequestLog.with(context, () -> log.info("Checkout refused for request {}: grant {}",
                                        context.requestId(), verified.invalidReason()));
                                return Mono.error(OrderService.admissionInvalid("The admission grant is not valid"));
                            }
                            return withGrant(context, request, verified.grant());
                        }));
    }

    private Mono<Outcome> withGrant(InternalContext context, CheckoutRequest request, GrantVerifier.Grant grant) {
        UUID variant = Ids.parse("var", request.variantId().value()).orElseThrow();
        UUID product = request.productId().hasValue() ? Ids.parse("prod", request.productId().value()).orElseThrow() : null;
        int quantity = request.quantity().value();
        return orders.findLiveByGrant(context, grant.grantId())
                .flatMap(existing -> "COMPLETED".equals(existing.status())
                        ? Mono.<Outcome>error(OrderService.admissionInvalid("The admission grant was already used"))
                        : orders.withItems(existing).map(order -> new Outcome(order, false)))
                .switchIfEmpty(Mono.defer(() -> inventory.quote(context, product, variant)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Variant")))
                        .flatMap(quote -> order(context, grant, quote, quantity))));
    }

    /** The unit price: the grant's when it carries one (an auction win checks out at the winning price only). */
    private Mono<Outcome> order(InternalContext context, GrantVerifier.Grant grant, Inventory.Quote quote, int quantity) {
        java.math.BigDecimal price = grant.price() != null ? grant.price() : quote.price();
        String currency = grant.price() != null && grant.currencyCode() != null ? grant.currencyCode() : quote.currencyCode();
        if (grant.price() != null && quantity != 1) {
            return Mono.error(ApiException.validation("quantity", "An auction win checks out one unit"));
        }
        if (price == null || currency == null) {
            return Mono.error(new ApiException(HttpStatus.CONFLICT, "The variant has no price to check out at", "PRICE_MISSING"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant deadline = grant.expiresAt() != null ? grant.expiresAt() : now.plus(NO_EXPIRY_HOLD);
        return orders.createPending(context, new OrderService.PendingOrder(grant.consumerId(), grant.experienceId(), grant.sequenceId(),
                        grant.distributionType(), grant.distributionId(), grant.grantId(), quote.productId(), quote.variantId(), quantity,
                        price, currency, deadline))
                .map(written -> new Outcome(written.order(), written.created()));
    }
}

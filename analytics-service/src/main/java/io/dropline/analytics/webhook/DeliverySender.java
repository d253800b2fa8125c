package io.dropline.analytics.webhook;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.outbound.OutboundHttp;
import io.dropline.contracts.outbound.OutboundUrlGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * Makes one attempt of a claimed delivery and records its outcome (reference §10.2): POST of the stored body with
 * the signature headers through the SSRF-safe pinned client; a 2xx within the timeout succeeds; 410 stops and disables
 * the endpoint; anything else fails and is scheduled again (immediate, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h),
 * and after the last attempt the delivery is failed and {@code webhook.delivery.failed} is published.
 */
@Component
class DeliverySender {

    static final String FAILED_EVENT = EventTypes.WEBHOOK_DELIVERY_FAILED;
    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);
    private static final int MAX_ERROR = 300;

    private final WebhookRepository endpoints;
    private final DeliveryRepository deliveries;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final WebhookProperties properties;
    private final Clock clock;

    DeliverySender(WebhookRepository endpoints, DeliveryRepository deliveries, Outbox outbox, TransactionalOperator transaction,
            WebhookProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** One attempt; completes when its outcome is recorded. A failure to record leaves the lease to run out. */
    Mono<Void> attempt(Delivery delivery, String runner) {
        return endpoints.findAnyTenant(delivery.endpointId())
                .flatMap(endpoint -> endpoint.enabled() ? send(endpoint, delivery, runner)
                        : deliveries.cancel(delivery, "endpoint disabled", clock.instant()))
                .onErrorResume(failure -> {
                    log.warn("Webhook delivery {} could not be recorded; it is due again when its lease ends: {}",
                            delivery.id(), failure.toString());
                    return Mono.empty();
                })
                .name("analytics.webhook.attempt");
    }

    private Mono<Void> send(WebhookEndpoint endpoint, Delivery delivery, String runner) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        return post(endpoint, delivery, started)
                .map(status -> new Outcome(status, status / 100 == 2 ? null : "HTTP " + status))
                .onErrorResume(failure -> Mono.just(new Outcome(null, describe(failure))))
                .flatMap(outcome -> settle(endpoint, delivery, outcome, started,
                        (System.nanoTime() - startedNanos) / 1_000_000, runner).as(transaction::transactional));
    }

    private record Outcome(Integer status, String error) {

        boolean success() {
            return status != null && status / 100 == 2;
        }
    }

    private Mono<Integer> post(WebhookEndpoint endpoint, Delivery delivery, Instant now) {
        long timestamp = now.getEpochSecond();
        String signatures = endpoint.signingSecrets(now).stream()
                .map(secret -> WebhookSignature.sign(secret, timestamp, delivery.payload()))
                .collect(Collectors.joining(","));
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        OutboundHttp.Limits limits = new OutboundHttp.Limits(properties.timeout(), properties.maxResponseBytes(),
                properties.allowPrivateHosts());
        return OutboundHttp.client(endpoint.url(), limits)
                .flatMap(client -> client.post().uri(endpoint.url())
                        .contentType(MediaType.APPLICATION_JSON)
                        .headers(headers -> {
                            headers.set("User-Agent", "Fanfare-Webhooks/1.0");
                            headers.set("X-Fanfare-Signature", signatures);
                            headers.set("X-Fanfare-Timestamp", Long.toString(timestamp));
                            headers.set("X-Fanfare-Event-Type", delivery.eventType());
                            headers.set("X-Fanfare-Delivery-Id", Ids.format("whk", delivery.id()));
                            headers.set("X-Fanfare-Webhook-Id", Ids.format("whe", endpoint.id()));
                            if (delivery.retryCount() > 0) {
                                headers.set("X-Fanfare-Retry-Count", Integer.toString(delivery.retryCount()));
                                headers.set("X-Fanfare-Original-Time", Long.toString(delivery.occurredAt().getEpochSecond()));
                            }
                        })
                        .bodyValue(body)
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())))
                // The client's response timeout covers the wait for headers; this bounds the whole attempt.
                .timeout(properties.timeout());
    }

    private Mono<Void> settle(WebhookEndpoint endpoint, Delivery delivery, Outcome outcome, Instant started, long durationMs,
            String runner) {
        Instant now = clock.instant();
        Mono<Void> recorded = deliveries.recordAttempt(delivery, started, durationMs, outcome.status(), outcome.error(), runner);
        if (outcome.success()) {
            return recorded.then(deliveries.settle(delivery, "succeeded", null, null, now))
                    .then(deliveries.endpointSucceeded(endpoint.id(), now));
        }
        if (outcome.status() != null && outcome.status() == 410) {
            return recorded.then(deliveries.settle(delivery, "gone", null, outcome.error(), now))
                    .then(deliveries.endpointGone(endpoint.id(), now));
        }
        int next = delivery.retryCount() + 1;
        Mono<Void> scheduled = next >= properties.attempts()
                ? deliveries.settle(delivery, "failed", null, outcome.error(), now).then(failedEvent(endpoint, delivery, outcome, now))
                : deliveries.settle(delivery, "pending", now.plus(properties.schedule().get(next)), outcome.error(), now);
        return recorded.then(scheduled)
                .then(deliveries.endpointFailed(endpoint.id(), now, properties.disableAfterFailures(), properties.disableAfterPeriod()))
                .doOnNext(disabled -> {
                    if (disabled) {
                        log.warn("Webhook endpoint {} disabled after {} consecutive failures", endpoint.id(), properties.disableAfterFailures());
                    }
                })
                .then();
    }

    /** {@code webhook.delivery.failed} (§10.2), except for deliveries of that event itself, which would loop. */
    private Mono<Void> failedEvent(WebhookEndpoint endpoint, Delivery delivery, Outcome outcome, Instant now) {
        if (FAILED_EVENT.equals(delivery.eventType())) {
            return Mono.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpointId", Ids.format("whe", endpoint.id()));
        data.put("endpointUrl", endpoint.url());
        data.put("eventId", Ids.format("evt", delivery.eventId()));
        data.put("eventType", delivery.eventType());
        data.put("retryCount", delivery.retryCount());
        data.put("lastError", outcome.error());
        data.put("willRetry", false);
        return outbox.append(new EventEnvelope(Ids.newId("evt"), FAILED_EVENT, Ids.format("org", delivery.organizationId()),
                delivery.environment(), "webhook_endpoint", Ids.format("whe", endpoint.id()), now, null, "analytics-service", data));
    }

    private static String describe(Throwable failure) {
        String text;
        if (failure instanceof OutboundUrlGuard.Refused refused) {
            text = "refused by the SSRF guard: " + refused.getMessage();
        } else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")) {
            text = "timeout";
        } else if (failure instanceof WebClientRequestException) {
            text = "connection failed: " + (failure.getCause() == null ? failure.getMessage() : failure.getCause().getClass().getSimpleName());
        } else {
            text = "failed: " + failure.getClass().getSimpleName();
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }
}

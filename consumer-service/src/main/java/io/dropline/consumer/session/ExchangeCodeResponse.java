package io.dropline.consumer.session;

import java.time.Instant;

/** A one-time exchange code for the browser, valid until {@code expiresAt}. */
record ExchangeCodeResponse(String exchangeCode, Instant expiresAt) {
}

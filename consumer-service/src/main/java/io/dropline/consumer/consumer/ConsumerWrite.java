package io.dropline.consumer.consumer;

import io.dropline.contracts.body.Tristate;

/**
 * The writable fields of a consumer as they are stored (stripped text, metadata as jsonb text): on insert an absent
 * field is null, on update it is left unchanged. Made from a validated request ({@link ConsumerFields#toWrite}) or
 * by a sign-in.
 */
record ConsumerWrite(
        Tristate<String> email,
        Tristate<String> phone,
        Tristate<String> fullName,
        Tristate<String> metadataJson,
        Tristate<String> externalId) {
}

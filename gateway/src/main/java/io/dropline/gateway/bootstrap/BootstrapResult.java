package io.dropline.gateway.bootstrap;

/** What the bootstrap CLI writes: the new organization and its four keys, flat for shell scripts ({@code jq -r}). */
public record BootstrapResult(String organizationId, String slug, String liveSecretKey, String livePublishableKey,
        String testSecretKey, String testPublishableKey) {
}

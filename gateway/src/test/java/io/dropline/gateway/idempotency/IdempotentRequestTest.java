package io.dropline.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.Principal;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.caller.KeyType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

class IdempotentRequestTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final AuthenticatedKey KEY = new AuthenticatedKey(UUID.randomUUID(), ORG, KeyType.SECRET, Environment.LIVE, Map.of());

    @Test
    void whenAKeyIsOneTo255PrintableAsciiCharactersThenItIsValid() {
        assertThat(IdempotentRequest.isValidKey("a")).isTrue();
        assertThat(IdempotentRequest.isValidKey(UUID.randomUUID().toString())).isTrue();
        assertThat(IdempotentRequest.isValidKey("order 42/retry:#1~")).isTrue();
        assertThat(IdempotentRequest.isValidKey("k".repeat(255))).isTrue();

        assertThat(IdempotentRequest.isValidKey(null)).isFalse();
        assertThat(IdempotentRequest.isValidKey("")).isFalse();
        assertThat(IdempotentRequest.isValidKey("   ")).isFalse();
        assertThat(IdempotentRequest.isValidKey("k".repeat(256))).isFalse();
        assertThat(IdempotentRequest.isValidKey("tab\there")).isFalse();
        assertThat(IdempotentRequest.isValidKey("nul\0")).isFalse();
        assertThat(IdempotentRequest.isValidKey("clé")).isFalse();
        assertThat(IdempotentRequest.isValidKey("del\u007f")).isFalse();
    }

    @Test
    void whenMethodPathQueryOrBodyDifferThenTheHashDiffers() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] base = IdempotentRequest.hash(HttpMethod.POST, "/api/v1/consumers", null, body);
        assertThat(IdempotentRequest.hash(HttpMethod.POST, "/api/v1/consumers", "", body)).isEqualTo(base);
        assertThat(IdempotentRequest.hash(HttpMethod.POST, "/api/v1/consumers", null, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
        assertThat(IdempotentRequest.hash(HttpMethod.POST, "/api/v1/experiences", null, body)).isNotEqualTo(base);
        assertThat(IdempotentRequest.hash(HttpMethod.POST, "/api/v1/consumers", "x=1", body)).isNotEqualTo(base);
        assertThat(IdempotentRequest.hash(HttpMethod.PUT, "/api/v1/consumers", null, body)).isNotEqualTo(base);
        // The separators keep path and body apart: moving bytes from one to the other changes the hash.
        assertThat(IdempotentRequest.hash(HttpMethod.POST, "/api/v1/consumers{", null, "\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }

    @Test
    void whenTheCallerIsTheAdminApiThenEveryKeyOfTheEnvironmentSharesOneScope() {
        Caller admin = caller(ApiSurface.ADMIN, Principal.apiKey("key_1"));
        assertThat(IdempotentRequest.readsHeader(admin, HttpMethod.POST)).isTrue();
        assertThat(IdempotentRequest.readsHeader(admin, HttpMethod.PUT)).isFalse();
        assertThat(IdempotentRequest.scope(admin, "/api/v1/consumers")).isEqualTo("admin");
        assertThat(IdempotentRequest.scope(caller(ApiSurface.ADMIN, Principal.apiKey("key_2")), "/api/v1/consumers"))
                .isEqualTo("admin");
    }

    @Test
    void whenTheCallerIsAShopperThenTheScopeIsThatShopperAndAnonymousCallersHaveNone() {
        assertThat(IdempotentRequest.scope(caller(ApiSurface.CONSUMER, Principal.consumer("cons_a", "key_1")), "/api/v1/queues/q/enter"))
                .isEqualTo("consumer:cons_a");
        assertThat(IdempotentRequest.scope(caller(ApiSurface.CONSUMER, Principal.guest("cons_b", "key_1")), "/api/v1/queues/q/enter"))
                .isEqualTo("guest:cons_b");
        assertThat(IdempotentRequest.scope(caller(ApiSurface.CONSUMER, Principal.apiKey("key_1")), "/api/v1/experiences/e/enter"))
                .isNull();
    }

    @Test
    void whenAPostIssuesCredentialsThenTheKeyHasNoEffect() {
        Caller shopper = caller(ApiSurface.CONSUMER, Principal.consumer("cons_a", "key_1"));
        Caller admin = caller(ApiSurface.ADMIN, Principal.apiKey("key_1"));
        assertThat(IdempotentRequest.scope(shopper, "/api/v1/auth/refresh")).isNull();
        assertThat(IdempotentRequest.scope(shopper, "/api/v1/stream-tokens")).isNull();
        assertThat(IdempotentRequest.scope(admin, "/api/v1/organizations/secret-key/rotate")).isNull();
        assertThat(IdempotentRequest.scope(admin, "/api/v1/operator-sessions")).isNull();
    }

    @Test
    void whenTheSurfaceIsSpotlightThenTheHeaderIsNotRead() {
        assertThat(IdempotentRequest.readsHeader(caller(ApiSurface.SPOTLIGHT_ADMIN, Principal.adminUser("u", "key_1")), HttpMethod.POST))
                .isFalse();
        assertThat(IdempotentRequest.readsHeader(caller(ApiSurface.SDK, Principal.apiKey("key_1")), HttpMethod.POST)).isFalse();
    }

    @Test
    void whenAnAnswerIsStoredThenOnlyTheHeadersDescribingItAreKept() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Location", "/api/v1/consumers/cons_1");
        headers.set("X-Request-Id", "req");
        headers.set("X-RateLimit-Remaining", "3");
        headers.set("Access-Control-Allow-Origin", "https://shop.example");
        headers.set("Set-Cookie", "a=b");
        HttpHeaders kept = IdempotencyWebFilter.storedHeaders(headers);
        assertThat(kept.headerNames()).containsExactlyInAnyOrder("Content-Type", "Location");
    }

    private static Caller caller(ApiSurface surface, Principal principal) {
        return new Caller(ORG, Environment.LIVE, surface, principal, KEY, "127.0.0.1");
    }
}

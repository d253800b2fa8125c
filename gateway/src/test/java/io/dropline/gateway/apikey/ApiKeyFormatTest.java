package io.dropline.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.caller.KeyType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void whenKeyIsMadeThenItParsesBackToItsParts() {
        UUID id = Ids.newUuid();
        String secret = ApiKeyFormat.newSecret();
        String key = ApiKeyFormat.plaintext(KeyType.PUBLISHABLE, Environment.TEST, id, secret);
        assertThat(key).startsWith("pk_test_").hasSize(66);
        var parsed = ApiKeyFormat.parse(key).orElseThrow();
        assertThat(parsed.type()).isEqualTo(KeyType.PUBLISHABLE);
        assertThat(parsed.environment()).isEqualTo(Environment.TEST);
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.secret()).isEqualTo(secret);
    }

    @Test
    void whenKeyIsMalformedThenItDoesNotParse() {
        String valid = ApiKeyFormat.plaintext(KeyType.SECRET, Environment.LIVE, Ids.newUuid(), ApiKeyFormat.newSecret());
        assertThat(ApiKeyFormat.parse(null)).isEmpty();
        assertThat(ApiKeyFormat.parse("")).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.substring(1))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid + "x")).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.replace("sk_live_", "xk_live_"))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.replace("sk_live_", "sk_prod_"))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.substring(0, 40) + "!" + valid.substring(41))).isEmpty();
        // Crockford base32 has no I, L, O or U, and is upper case.
        assertThat(ApiKeyFormat.parse(valid.substring(0, 10) + "U" + valid.substring(11))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.substring(0, 10) + "a" + valid.substring(11))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.replace("sk_live_", "sk-live_"))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.replace("sk_live_", "sk_live-"))).isEmpty();
        assertThat(ApiKeyFormat.parse(valid.replace("sk_live_", "pk_test_"))).get()
                .extracting(ApiKeyFormat.PresentedKey::type, ApiKeyFormat.PresentedKey::environment)
                .containsExactly(KeyType.PUBLISHABLE, Environment.TEST);
    }

    @Test
    void whenSecretMatchesThenHashComparisonSucceedsOtherwiseNot() {
        byte[] salt = ApiKeyFormat.newSalt();
        String secret = ApiKeyFormat.newSecret();
        byte[] hash = ApiKeyFormat.hash(salt, secret);
        assertThat(ApiKeyFormat.matches(salt, hash, secret)).isTrue();
        assertThat(ApiKeyFormat.matches(salt, hash, secret.substring(1) + "a")).isFalse();
        assertThat(ApiKeyFormat.matches(ApiKeyFormat.newSalt(), hash, secret)).isFalse();
        assertThat(secret).matches("[0-9A-Za-z]{32}");
    }
}

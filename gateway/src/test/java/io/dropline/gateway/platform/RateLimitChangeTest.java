package io.dropline.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RateLimitChangeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CATEGORIES = Set.of("read", "write", "queue_entry");

    @Test
    void whenNumbersObjectsAndNullsThenSetAndReset() {
        RateLimitChange change = RateLimitChange.read(JSON.readTree(
                "{\"read\": 5000, \"queue_entry\": {\"perMinute\": 6000, \"burst\": 500}, \"write\": null}"), CATEGORIES);
        assertThat(change.set()).containsExactly(Map.entry("read", 5000),
                Map.entry("queue_entry", Map.of("perMinute", 6000, "burst", 500)));
        assertThat(change.reset()).containsExactly("write");
        assertThat(RateLimitChange.read(JSON.readTree("{\"read\": {\"perMinute\": 1000000000, \"burst\": null}}"), CATEGORIES)
                .set()).containsExactly(Map.entry("read", Map.of("perMinute", 1_000_000_000)));
    }

    @Test
    void whenCategoriesOrValuesAreBadThenEveryOneIsListed() {
        String body = "{\"reads\": 5, \"read\": 0, \"write\": 1.5, \"queue_entry\": {\"burst\": -1, \"x\": 1}}";
        assertThatThrownBy(() -> RateLimitChange.read(JSON.readTree(body), CATEGORIES))
                .isInstanceOfSatisfying(ApiException.class, failure -> assertThat(failure.details())
                        .extracting(FieldError::field)
                        .containsExactly("reads", "read", "write", "queue_entry.x", "queue_entry.perMinute", "queue_entry.burst"));
        for (String bad : new String[] {"[]", "5", "null", "\"read\""}) {
            assertThatThrownBy(() -> RateLimitChange.read(JSON.readTree(bad), CATEGORIES)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, failure -> assertThat(failure.details())
                            .extracting(FieldError::field).containsExactly("body"));
        }
        for (String value : new String[] {"-1", "1000000001", "10000000000", "\"5\"", "true", "[1]", "{}"}) {
            assertThatThrownBy(() -> RateLimitChange.read(JSON.readTree("{\"read\": " + value + "}"), CATEGORIES)).as(value)
                    .isInstanceOf(ApiException.class);
        }
    }

    @Test
    void whenACategoryNameIsHugeThenTheErrorRepeatsOnlyItsStart() {
        String name = "x".repeat(10_000);
        assertThatThrownBy(() -> RateLimitChange.read(JSON.readTree("{\"" + name + "\": 5}"), CATEGORIES))
                .isInstanceOfSatisfying(ApiException.class, failure ->
                        assertThat(failure.details().get(0).field()).hasSize(65));
    }
}

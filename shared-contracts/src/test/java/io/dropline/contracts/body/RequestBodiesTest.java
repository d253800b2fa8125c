package io.dropline.contracts.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

class RequestBodiesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new TristateModule())
            .build();

    private final RequestBodies bodies = new RequestBodies(MAPPER, Validation.buildDefaultValidatorFactory().getValidator());

    record Item(@Required @Text(max = 5) Tristate<String> name, @IntRange(min = 1, max = 9, orNull = true) Tristate<Integer> size) {
    }

    record Parent(
            @Required @NotNullValue @Text(max = 10) Tristate<String> name,
            @WellTyped(message = "Must be true or false") @NotNullValue(message = "Must be true or false") Tristate<Boolean> on,
            @WellTyped(message = "Must be an array") Tristate<List<@Valid Item>> items,
            @WellTyped(message = "Must be an object or null") Tristate<@Valid Item> main,
            @JsonProperty("user_id") @Required Tristate<String> userId) {
    }

    private List<FieldError> errors(String json) {
        return assertThrows(json);
    }

    private List<FieldError> assertThrows(String json) {
        JsonNode body = MAPPER.readTree(json);
        ApiException[] thrown = new ApiException[1];
        assertThatThrownBy(() -> bodies.read(body, Parent.class)).isInstanceOfSatisfying(ApiException.class, e -> thrown[0] = e);
        assertThat(thrown[0].getMessage()).isEqualTo("Validation failed");
        return thrown[0].details();
    }

    @Test
    void whenValidThenAbsentNullAndValuesAreToldApart() {
        Parent read = bodies.read(MAPPER.readTree("{\"name\":\" a \",\"main\":null,\"user_id\":\"u\",\"items\":[{\"name\":\"x\"}]}"),
                Parent.class);
        assertThat(read.name().value()).isEqualTo(" a ");
        assertThat(FieldRules.stripped(read.name()).value()).isEqualTo("a");
        assertThat(read.on().present()).isFalse();
        assertThat(read.main().isNull()).isTrue();
        assertThat(read.items().value().get(0).size().present()).isFalse();
        assertThat(read.userId().value()).isEqualTo("u");
    }

    @Test
    void whenManyThingsAreWrongThenAllAreReportedInDeclarationOrderWithUnknownFieldsFirst() {
        assertThat(errors("{\"zzz\":1,\"name\":5,\"on\":\"yes\",\"items\":[{\"name\":\"toolong\",\"size\":10,\"x\":1},7,"
                + "{\"size\":1.5}],\"main\":{\"size\":null,\"name\":\"a\\u0001\"}}"))
                .containsExactly(
                        new FieldError("zzz", "Unknown field"),
                        new FieldError("name", "Must be a string or null"),
                        new FieldError("on", "Must be true or false"),
                        new FieldError("items[0].x", "Unknown field"),
                        new FieldError("items[0].name", "Must be at most 5 characters"),
                        new FieldError("items[0].size", "Must be an integer between 1 and 9 or null"),
                        new FieldError("items[1]", "Must be an object"),
                        new FieldError("items[1].name", "Required"),
                        new FieldError("items[2].name", "Required"),
                        new FieldError("items[2].size", "Must be an integer between 1 and 9 or null"),
                        new FieldError("main.name", "Must not contain control characters"),
                        new FieldError("user_id", "Required"));
    }

    @Test
    void whenNullOrWrongKindsThenTheFieldsOwnMessages() {
        assertThat(errors("{\"name\":null,\"on\":null,\"items\":{},\"main\":[],\"user_id\":\"u\"}")).containsExactly(
                new FieldError("name", "Must not be null"),
                new FieldError("on", "Must be true or false"),
                new FieldError("items", "Must be an array"),
                new FieldError("main", "Must be an object or null"),
                new FieldError("main.name", "Required"));
    }

    @Test
    void whenTheBodyIsNotAnObjectThenSaidAndItsRequiredFieldsAreMissing() {
        assertThat(errors("[1]")).containsExactly(new FieldError("body", "Must be an object"), new FieldError("name", "Required"),
                new FieldError("user_id", "Required"));
        List<FieldError> errors = new java.util.ArrayList<>();
        bodies.read(MAPPER.readTree("7"), Item.class, "items[3]", item -> List.of(), errors);
        assertThat(errors).containsExactly(new FieldError("items[3]", "Must be an object"), new FieldError("items[3].name", "Required"));
    }
}

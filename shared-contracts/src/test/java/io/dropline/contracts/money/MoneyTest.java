package io.dropline.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MoneyTest {

    private final JsonMapper json = JsonMapper.shared();

    @Test
    void whenWrittenThenADecimalStringWithAtLeastTwoDecimals() {
        assertThat(json.writeValueAsString(Money.parse("149.99"))).isEqualTo("\"149.99\"");
        assertThat(Money.parse("25").toString()).isEqualTo("25.00");
        assertThat(Money.parse("0.125").toString()).isEqualTo("0.125");
        assertThat(Money.parse("10.10000000").toString()).isEqualTo("10.10");
    }

    @Test
    void whenReadFromStringOrNumberThenExact() {
        assertThat(json.readValue("\"149.99\"", Money.class)).isEqualTo(Money.parse("149.99"));
        assertThat(json.readValue("149.99", Money.class).toString()).isEqualTo("149.99");
        assertThat(Money.parse("0.1").plus(Money.parse("0.2"))).isEqualTo(Money.parse("0.3"));
    }

    @Test
    void whenNotAPlainNonNegativeDecimalThenRejected() {
        for (String bad : List.of("-1", "1e3", "1.123456789", "1234567890123", "", " 1", "NaN", "1,5")) {
            assertThatThrownBy(() -> Money.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

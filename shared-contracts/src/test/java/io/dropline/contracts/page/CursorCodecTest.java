package io.dropline.contracts.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("a-test-cursor-secret-of-enough-length!");

    @Test
    void whenValuesAreEncodedThenTheyDecodeUnchangedAndTheCursorIsUrlSafe() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String value = randomString(random);
            List<String> values = Arrays.asList(value, null, "", "2024-01-01T00:00:00Z");
            String cursor = codec.encode("binding", values);
            assertThat(cursor).matches("[A-Za-z0-9_\\-.!~]+");
            assertThat(codec.decode("binding", cursor, 4, "after")).isEqualTo(values);
        }
    }

    @Test
    void whenAnyCharacterIsChangedThenTheCursorIsRejected() {
        String cursor = codec.encode("binding", List.of("ada@example.com", "0191a8c6-0000-7000-8000-000000000000"));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length(); i++) {
            char replacement = alphabet.charAt((alphabet.indexOf(cursor.charAt(i)) + 1) % alphabet.length());
            String tampered = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
            assertThatThrownBy(() -> codec.decode("binding", tampered, 2, "after"))
                    .isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void whenCursorIsUsedWithAnotherBindingOrSecretOrArityThenRejected() {
        String cursor = codec.encode("consumers|org1|sort=email", List.of("x", "y"));
        assertThatThrownBy(() -> codec.decode("consumers|org2|sort=email", cursor, 2, "after")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> new CursorCodec("another-secret-of-quite-enough-length").decode("consumers|org1|sort=email", cursor, 2, "after"))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> codec.decode("consumers|org1|sort=email", cursor, 3, "after")).isInstanceOf(InvalidCursorException.class);
        for (String junk : List.of("", "~", "abc", "!!!~!!!", "x".repeat(5000))) {
            assertThatThrownBy(() -> codec.decode("b", junk, 1, "before"))
                    .isInstanceOf(InvalidCursorException.class)
                    .satisfies(e -> assertThat(((InvalidCursorException) e).details().get(0).field()).isEqualTo("before"));
        }
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(3) == 0 ? 0x1F600 + random.nextInt(50) : 32 + random.nextInt(200));
        }
        return text.toString();
    }
}

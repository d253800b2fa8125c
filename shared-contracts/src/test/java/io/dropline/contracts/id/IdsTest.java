package io.dropline.contracts.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final Random RANDOM = new Random(42);

    @Test
    void whenAnyUuidIsFormattedThenItParsesBackToTheSameUuid() {
        for (int i = 0; i < 20_000; i++) {
            UUID uuid = new UUID(RANDOM.nextLong(), RANDOM.nextLong());
            String id = Ids.format("cons", uuid);
            assertThat(id).hasSize(5 + 26).matches("cons_[0-7][0-9A-HJKMNP-TV-Z]{25}");
            assertThat(Ids.parse("cons", id)).contains(uuid);
        }
        assertThat(Ids.parse("x", Ids.format("cons", new UUID(-1, -1)).replace("cons", "x"))).isPresent();
    }

    @Test
    void whenIdsAreGeneratedThenStringOrderIsUuidOrderIsCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(Ids.newId("evt"));
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertThat(sorted).isEqualTo(ids);
        List<UUID> uuids = ids.stream().map(id -> Ids.parse("evt", id).orElseThrow()).toList();
        for (int i = 1; i < uuids.size(); i++) {
            assertThat(uuids.get(i).compareTo(uuids.get(i - 1)))
                    .as("UUID order follows string order").isPositive();
            assertThat(uuids.get(i).version()).isEqualTo(7);
            assertThat(uuids.get(i).variant()).isEqualTo(2);
        }
    }

    @Test
    void whenManyThreadsGenerateAtOnceThenAllIdsAreDistinct() {
        ConcurrentLinkedQueue<UUID> all = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 4).parallel().forEach(t -> {
            for (int i = 0; i < 20_000; i++) {
                all.add(Ids.newUuid());
            }
        });
        assertThat(all.stream().distinct().count()).isEqualTo(80_000);
    }

    @Test
    void whenTimestampIsReadBackThenItIsTheCreationMillisecond() {
        long before = System.currentTimeMillis();
        UUID uuid = Ids.newUuid();
        assertThat(Ids.timestampOf(uuid).toEpochMilli()).isBetween(before, System.currentTimeMillis() + 5);
    }

    @Test
    void whenIdHasWrongPrefixOrShapeThenItDoesNotParse() {
        String good = Ids.newId("cons");
        assertThat(Ids.parse("exp", good)).isEmpty();
        assertThat(Ids.parse("cons", good.toLowerCase())).isEmpty();
        assertThat(Ids.parse("cons", good + "0")).isEmpty();
        assertThat(Ids.parse("cons", good.substring(0, good.length() - 1))).isEmpty();
        assertThat(Ids.parse("cons", "cons_8" + good.substring(6))).as("overflows 128 bits").isEmpty();
        assertThat(Ids.parse("cons", "cons-" + good.substring(5))).isEmpty();
        assertThat(Ids.parse("cons", good.replace(good.charAt(10), 'U'))).as("U is not Crockford").isEmpty();
        assertThat(Ids.parse("cons", null)).isEmpty();
        assertThatThrownBy(() -> Ids.newId("Bad_Prefix")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.dropline.contracts.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.error.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void whenNothingIsGivenThenTwentyForward() {
        assertThat(PageRequest.of(null, null, null, null)).isEqualTo(new PageRequest(false, 20, null));
        assertThat(PageRequest.of(null, null, "5", "c")).isEqualTo(new PageRequest(true, 5, "c"));
    }

    @Test
    void whenSizesAreOutOfRangeOrDirectionsMixedThenValidationFails() {
        for (String[] bad : List.of(new String[] {"0", null, null, null}, new String[] {"101", null, null, null},
                new String[] {"-1", null, null, null}, new String[] {"1e3", null, null, null},
                new String[] {"5", null, "5", null}, new String[] {null, "a", null, "b"})) {
            assertThatThrownBy(() -> PageRequest.of(bad[0], bad[1], bad[2], bad[3]))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).details()).isNotEmpty());
        }
    }

    @Test
    void whenRowsAreAssembledThenCursorsAndFlagsDescribeThePage() {
        ListResponse<String> first = Pages.assemble(List.of(1, 2, 3), new PageRequest(false, 2, null),
                String::valueOf, n -> "n" + n);
        assertThat(first.data()).containsExactly("n1", "n2");
        assertThat(first.pageInfo()).isEqualTo(new PageInfo("1", "2", true, false));

        ListResponse<String> backward = Pages.assemble(List.of(5, 4, 3), new PageRequest(true, 2, "6"),
                String::valueOf, n -> "n" + n);
        assertThat(backward.data()).containsExactly("n4", "n5");
        assertThat(backward.pageInfo()).isEqualTo(new PageInfo("4", "5", true, true));

        ListResponse<String> empty = Pages.assemble(List.<Integer>of(), new PageRequest(false, 2, "x"), String::valueOf, n -> "");
        assertThat(empty.pageInfo()).isEqualTo(new PageInfo(null, null, false, true));
    }
}

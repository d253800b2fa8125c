package io.dropline.gateway.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "demo", "my-shop-2", "a1b", "0-9"})
    void whenSlugFollowsTheRulesThenAccepted(String slug) {
        List<FieldError> errors = new ArrayList<>();
        OrganizationRules.slug(slug, errors);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "a--b", "ABC", "ab_c", "admin", "cdn", "fanfare", "ab c", "äbc",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void whenSlugBreaksARuleThenOneDetail(String slug) {
        List<FieldError> errors = new ArrayList<>();
        OrganizationRules.slug(slug, errors);
        assertThat(errors).hasSize(1).first().extracting(FieldError::field).isEqualTo("slug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a.png", "javascript:alert(1)", "https://", "https://user@example.com/x", "not a url"})
    void whenUrlIsNotPlainHttpsThenRejected(String url) {
        List<FieldError> errors = new ArrayList<>();
        OrganizationRules.httpsUrl("logoUrl", url, errors);
        assertThat(errors).hasSize(1);
    }
}

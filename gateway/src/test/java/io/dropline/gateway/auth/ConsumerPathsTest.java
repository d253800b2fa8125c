package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The Consumer API's paths, looked up by their first segment: the same answers as matching every rule. */
class ConsumerPathsTest {

    @Test
    void consumerPathsPass() {
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/auth/guest")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/auth/external/exchange")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/.well-known/jwks.json")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/queues/queue_1/status")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/queues/queue_1/enter")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/timed-releases/tr_1")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/auctions/auc_1/bids/page")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/appointments/apt_1/slots")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/draws/draw_1/results")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.DELETE, "/api/v1/waitlists/wl_1/leave")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.DELETE, "/api/v1/experiences/exp_1/leave")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/consumers/me")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/loyalty")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.PUT, "/api/v1/loyalty/points")).isTrue();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/organizations/current")).isTrue();
    }

    @Test
    void everythingElseIsTheAdminApi() {
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/auth/guest")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/auth/")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/.well-known/jwks.json")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/.well-knownXjwks.json")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/queues")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.PUT, "/api/v1/queues/queue_1")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.POST, "/api/v1/queues/queue_1/open")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/waitlists/wl_1/bid")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/sequences/seq_1")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/consumers")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1/organizations/me")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v2/queues/queue_1/status")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/api/v1")).isFalse();
        assertThat(ConsumerPaths.isConsumerPath(HttpMethod.GET, "/v1/sdk/eligible")).isFalse();
    }
}

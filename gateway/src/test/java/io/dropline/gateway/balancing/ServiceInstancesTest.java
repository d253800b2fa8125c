package io.dropline.gateway.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class ServiceInstancesTest {

    @Test
    void whenOneUrlThenOneInstanceAsBefore() {
        List<ServiceInstance> instances = ServiceInstances.parse("experiences", "http://127.0.0.1:8081");
        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.getHost()).isEqualTo("127.0.0.1");
            assertThat(instance.getPort()).isEqualTo(8081);
            assertThat(instance.isSecure()).isFalse();
            assertThat(instance.getServiceId()).isEqualTo("experiences");
        });
    }

    @Test
    void whenACommaSeparatedListThenOneInstanceEachInOrder() {
        List<ServiceInstance> instances = ServiceInstances.parse("consumer",
                " http://127.0.0.1:8083 , http://127.0.0.1:8183,https://consumer.example");
        assertThat(instances).extracting(ServiceInstance::getInstanceId).containsExactly("consumer-1", "consumer-2", "consumer-3");
        assertThat(instances).extracting(ServiceInstance::getPort).containsExactly(8083, 8183, 443);
        assertThat(instances.get(2).isSecure()).isTrue();
    }

    @Test
    void whenAUrlHasAPathOrNoHostOrNothingThenStartUpFails() {
        assertThatThrownBy(() -> ServiceInstances.parse("audience", "http://127.0.0.1:8082/prefix"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropline.gateway.services.audience");
        assertThatThrownBy(() -> ServiceInstances.parse("audience", "127.0.0.1:8082"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceInstances.parse("audience", " , "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenAnInstanceRefusedThenItSitsOutTheQuarantineUnlessEveryInstanceDoes() {
        MutableClock clock = new MutableClock();
        InstanceQuarantine quarantine = new InstanceQuarantine(Duration.ofSeconds(2), clock);
        List<ServiceInstance> instances = ServiceInstances.parse("experiences", "http://127.0.0.1:8081,http://127.0.0.1:8181");

        quarantine.refused(instances.get(0));
        assertThat(quarantine.available(instances)).containsExactly(instances.get(1));

        quarantine.refused(instances.get(1));
        assertThat(quarantine.available(instances)).as("all quarantined: all offered").isEqualTo(instances);

        clock.advance(Duration.ofMillis(2001));
        assertThat(quarantine.available(instances)).isEqualTo(instances);

        quarantine.refused(instances.get(0));
        quarantine.answered(instances.get(0));
        assertThat(quarantine.available(instances)).as("an answer ends the quarantine at once").isEqualTo(instances);
    }

    @Test
    void whenTheConnectionWasNeverMadeThenRefusedOtherwiseNot() {
        assertThat(RefusedConnections.refused(new ConnectException("Connection refused"))).isTrue();
        assertThat(RefusedConnections.refused(new IllegalStateException("wrapped", new ConnectException("refused")))).isTrue();
        assertThat(RefusedConnections.refused(new java.io.IOException("Connection reset by peer"))).isFalse();
        assertThat(RefusedConnections.refused(new java.util.concurrent.TimeoutException())).isFalse();
        assertThat(RefusedConnections.refused(null)).isFalse();
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

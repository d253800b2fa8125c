package io.dropline.contracts.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class OutboundUrlGuardTest {

    @Test
    void whenUrlIsNotHttpsOrPointsAtANonPublicAddressThenRefused() {
        for (String url : List.of("http://idp.example/jwks", "ftp://idp.example/jwks", "https://127.0.0.1/jwks",
                "https://127.1.2.3:8443/jwks", "https://10.0.0.5/jwks", "https://172.16.3.4/jwks", "https://192.168.1.1/jwks",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/jwks", "https://[fe80::1]/jwks",
                "https://[fd00::1]/jwks", "https://[::ffff:127.0.0.1]/jwks", "https://0.0.0.0/jwks", "https://100.64.0.1/jwks",
                "https://224.0.0.1/jwks", "https://localhost/jwks", "https://metadata.google.internal/x",
                "https://user:pw@idp.example/jwks", "not a url", "", "https:///jwks")) {
            assertThat(OutboundUrlGuard.problem(url, false)).as(url).isNotNull();
        }
        assertThat(OutboundUrlGuard.problem("https://idp.example/.well-known/jwks.json", false)).isNull();
        assertThat(OutboundUrlGuard.problem("https://8.8.8.8/jwks", false)).isNull();
        // The relaxed mode (tests, local development) lets a local http server through.
        assertThat(OutboundUrlGuard.problem("http://127.0.0.1:8080/jwks", true)).isNull();
    }

    @Test
    void whenAddressIsClassifiedThenOnlyPublicUnicastPasses() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254", "::1",
                "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.251", "ff02::1", "0.0.0.0", "::", "100.100.100.100",
                "255.255.255.255", "64:ff9b::a00:1", "2002:a00:1::", "::ffff:0:a00:1", "::ffff:0:808:808",
                "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b:1::808:808", "192.0.2.1", "198.51.100.7",
                "203.0.113.200")) {
            assertThat(OutboundUrlGuard.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111")) {
            assertThat(OutboundUrlGuard.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void whenHostIsDigitsAndDotsButNoValidLiteralThenRefusedWithoutAnyLookUp() {
        // The JDK would send these to DNS (blocking, on the request thread); the guard refuses them up front.
        for (String url : List.of("https://99999999999/jwks", "https://127.1/jwks", "https://1.2.3.4.5/jwks",
                "https://256.1.1.1/jwks", "https://1.2.3.4./jwks", "https://[1::2::3]/jwks", "https://idp.example\u0000/jwks",
                "https://idp.example/jwks\u0000")) {
            assertThat(OutboundUrlGuard.problem(url, false)).as(url).isNotNull();
        }
        assertThat(OutboundUrlGuard.literal("99999999999")).isNull();
        assertThat(OutboundUrlGuard.literal("8.8.8.8")).isNotNull();
        assertThat(OutboundUrlGuard.literal("[2606:4700:4700::1111]")).isNotNull();
        assertThat(OutboundUrlGuard.literal("idp.example")).isNull();
        assertThat(OutboundUrlGuard.problem("https://[2606:4700:4700::1111]/jwks", false)).isNull();
        assertThat(OutboundUrlGuard.problem("https://[::ffff:0:127.0.0.1]/jwks", false)).isNotNull();
        assertThat(OutboundUrlGuard.problem("https://192.0.2.10/jwks", false)).isNotNull();
    }

    @Test
    void whenHostNameResolvesToLoopbackThenRefusedAfterResolution() {
        StepVerifier.create(OutboundUrlGuard.resolve("localhost", false))
                .expectError(OutboundUrlGuard.Refused.class)
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(OutboundUrlGuard.resolve("localhost", true))
                .assertNext(addresses -> assertThat(addresses).isNotEmpty())
                .verifyComplete();
    }
}

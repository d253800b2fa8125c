package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.config.SpotlightProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The Spotlight JWKS fetch goes through the shared SSRF guard (OutboundUrlGuardTest covers the guard itself). */
class AdminJwksGuardTest {

    @Test
    void whenFetchingARefusedUrlThenNoRequestAndA401() {
        AdminJwks jwks = new AdminJwks(new SpotlightProperties.Jwks(false, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(2), 65536, Duration.ofSeconds(60)));
        for (String url : List.of("https://127.0.0.1/jwks", "http://idp.example/jwks", "https://169.254.169.254/jwks",
                "https://[::1]/jwks")) {
            StepVerifier.create(jwks.key("org_x:live", url, "kid"))
                    .expectErrorSatisfies(failed -> assertThat(((ApiException) failed).status().value()).isEqualTo(401))
                    .verify(Duration.ofSeconds(10));
        }
    }
}

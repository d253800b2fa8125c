package io.dropline.gateway.config;

import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.auth.AdminTokenVerifier;
import io.dropline.gateway.auth.ConsumerTokenVerifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Default token verifiers: until real JWT verification is plugged in (ES256 consumer tokens from consumer-service's
 * JWKS, Spotlight admin JWTs from the tenant's JWKS), every token is refused rather than trusted.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConsumerTokenVerifier rejectingConsumerTokenVerifier() {
        return (token, key) -> Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Invalid access token", null));
    }

    @Bean
    @ConditionalOnMissingBean
    AdminTokenVerifier rejectingAdminTokenVerifier() {
        return (token, key) -> Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Invalid admin token", "UNAUTHORIZED"));
    }
}

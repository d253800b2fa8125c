package io.dropline.contracts.web;

import io.dropline.contracts.body.PlainConstraintValidators;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.TristateModule;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.page.CursorCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Dropline process installs the same way: the internal context check, the error envelopes, strict
 * JSON reading and the cursor codec. Services get it by depending on shared-contracts.
 */
@AutoConfiguration
@EnableConfigurationProperties(DroplineWebProperties.class)
public class DroplineWebAutoConfiguration {

    @Bean
    InternalContextCodec internalContextCodec(DroplineWebProperties properties) {
        return new InternalContextCodec(properties.internalSecret());
    }

    @Bean
    CursorCodec cursorCodec(DroplineWebProperties properties) {
        return new CursorCodec(properties.cursorSecret());
    }

    @Bean
    @ConditionalOnProperty(prefix = "dropline.web", name = "require-internal-context", havingValue = "true", matchIfMissing = true)
    InternalContextWebFilter internalContextWebFilter(InternalContextCodec codec) {
        return new InternalContextWebFilter(codec);
    }

    @Bean
    ApiErrorWebExceptionHandler apiErrorWebExceptionHandler(ServerCodecConfigurer codecs) {
        return new ApiErrorWebExceptionHandler(codecs);
    }

    @Bean
    WebFluxConfigurer internalContextArguments() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new InternalContextArgumentResolver());
            }
        };
    }

    /** Unknown fields, trailing garbage, floats for integers and strings for numbers are all client errors. */
    @Bean
    JsonMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new TristateModule());
    }

    /** Constraint validators made plainly, not as Spring beans (see {@link PlainConstraintValidators}). */
    @Bean
    ValidationConfigurationCustomizer plainConstraintValidators() {
        return configuration -> configuration.constraintValidatorFactory(new PlainConstraintValidators());
    }

    /** Request bodies as validated request records, with the API's one 400 for everything wrong in them. */
    @Bean
    RequestBodies requestBodies(JsonMapper mapper, jakarta.validation.Validator validator) {
        return new RequestBodies(mapper, validator);
    }

    /** Bounds on what one JSON document may cost to parse. */
    @Bean
    JsonFactoryBuilderCustomizer boundedJsonParsing(DroplineWebProperties properties) {
        return builder -> builder.streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(properties.maxStringLength())
                .maxNestingDepth(properties.maxNestingDepth())
                .maxNumberLength(64)
                .build());
    }
}

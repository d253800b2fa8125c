package io.dropline.contracts.apidocs;

import org.springdoc.core.customizers.SpringDocCustomizers;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.SpringDocProviders;
import org.springdoc.core.service.AbstractRequestService;
import org.springdoc.core.service.GenericResponseService;
import org.springdoc.core.service.OpenAPIService;
import org.springdoc.core.service.OperationService;
import org.springdoc.webflux.api.OpenApiWebfluxResource;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Replaces springdoc's WebFlux document endpoint with {@link StartupBuiltOpenApiResource} in every process that
 * has springdoc: the document is built before the port opens and served off the event loop. Ordered before
 * springdoc's own configuration, whose {@code openApiResource} bean then backs off; the conditions mirror it.
 */
@AutoConfiguration(
        afterName = "org.springdoc.core.configuration.SpringDocConfiguration",
        beforeName = "org.springdoc.webflux.core.configuration.SpringDocWebFluxConfiguration")
@ConditionalOnClass(name = "org.springdoc.webflux.api.OpenApiWebfluxResource")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
@ConditionalOnBean(type = "org.springdoc.core.configuration.SpringDocConfiguration")
public class ApiDocsAutoConfiguration {

    @Bean
    @Lazy(false)
    @ConditionalOnMissingBean(OpenApiWebfluxResource.class)
    @ConditionalOnExpression("(${springdoc.use-management-port:false} == false) and ${springdoc.enable-default-api-docs:true}")
    StartupBuiltOpenApiResource startupBuiltOpenApiResource(ObjectFactory<OpenAPIService> openApiServices,
            AbstractRequestService requests, GenericResponseService responses, OperationService operations,
            SpringDocConfigProperties properties, SpringDocProviders providers, SpringDocCustomizers customizers) {
        return new StartupBuiltOpenApiResource(openApiServices, requests, responses, operations, properties,
                providers, customizers);
    }
}

package io.dropline.contracts.apidocs;

import static org.springdoc.core.utils.Constants.API_DOCS_URL;
import static org.springdoc.core.utils.Constants.APPLICATION_OPENAPI_YAML;
import static org.springdoc.core.utils.Constants.DEFAULT_API_DOCS_URL_YAML;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.SpringDocCustomizers;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.SpringDocProviders;
import org.springdoc.core.service.AbstractRequestService;
import org.springdoc.core.service.GenericResponseService;
import org.springdoc.core.service.OpenAPIService;
import org.springdoc.core.service.OperationService;
import org.springdoc.webflux.api.OpenApiWebfluxResource;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * springdoc's OpenAPI endpoint, made safe for an event loop.
 *
 * <p>springdoc 3.1 builds and reads its document inside one {@code ReentrantLock}
 * ({@code AbstractOpenApiResource#getOpenApi}), and its {@code pre-loading-enabled} only starts that build on a
 * thread of its own while the context is still starting. A request that reaches {@code /v3/api-docs} before that
 * build ends parks its event-loop thread on the lock (BlockHound turns it into a 500; in production it stalls every
 * connection of that loop for the length of the build: classpath scanning and jar reads). Two requests at once
 * contend for the same lock even when the document is cached. So this resource:
 * <ol>
 *   <li>builds the document on the thread that starts the application, after every singleton exists and before
 *       the lifecycle starts the HTTP server: no request can arrive before it is ready, however early;</li>
 *   <li>answers on {@code boundedElastic}, never on the event loop, so the lock (held briefly to stamp the request's
 *       server URL into the cached document, or for a whole build of a locale not built yet) never parks a loop.</li>
 * </ol>
 * Installed by {@link ApiDocsAutoConfiguration} in place of springdoc's own {@code OpenApiWebfluxResource}.
 */
@RestController
public class StartupBuiltOpenApiResource extends OpenApiWebfluxResource implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StartupBuiltOpenApiResource.class);

    private final SpringDocConfigProperties properties;

    public StartupBuiltOpenApiResource(ObjectFactory<OpenAPIService> openApiServices, AbstractRequestService requests,
            GenericResponseService responses, OperationService operations, SpringDocConfigProperties properties,
            SpringDocProviders providers, SpringDocCustomizers customizers) {
        super(openApiServices, requests, responses, operations, properties, providers, customizers);
        this.properties = properties;
    }

    /**
     * Runs on the starting thread once all singletons exist (the handler mappings the document describes
     * included), before the web server binds its port.
     */
    @Override
    public void afterSingletonsInstantiated() {
        Instant start = Instant.now();
        try {
            for (Locale locale : startupLocales()) {
                getOpenApi(locale);
            }
            log.info("OpenAPI document built before the HTTP server starts ({} ms)",
                    Duration.between(start, Instant.now()).toMillis());
        } catch (RuntimeException failed) {
            // The API works without its description: the endpoint tries again when asked, off the event loop.
            log.warn("OpenAPI document could not be built at start-up", failed);
        }
    }

    private Set<Locale> startupLocales() {
        Set<Locale> locales = new LinkedHashSet<>();
        locales.add(Locale.getDefault());
        if (properties.getPreLoadingLocales() != null) {
            properties.getPreLoadingLocales().forEach(tag -> locales.add(Locale.forLanguageTag(tag)));
        }
        return locales;
    }

    @Override
    @Operation(hidden = true)
    @GetMapping(value = API_DOCS_URL, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<byte[]> openapiJson(ServerHttpRequest request, @Value(API_DOCS_URL) String apiDocsUrl, Locale locale) {
        return Mono.fromCallable(() -> super.openapiJson(request, apiDocsUrl, locale))
                .flatMap(Function.identity())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    @Operation(hidden = true)
    @GetMapping(value = DEFAULT_API_DOCS_URL_YAML, produces = APPLICATION_OPENAPI_YAML)
    public Mono<byte[]> openapiYaml(ServerHttpRequest request, @Value(DEFAULT_API_DOCS_URL_YAML) String apiDocsUrl,
            Locale locale) {
        return Mono.fromCallable(() -> super.openapiYaml(request, apiDocsUrl, locale))
                .flatMap(Function.identity())
                .subscribeOn(Schedulers.boundedElastic());
    }
}

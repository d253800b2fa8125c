package io.dropline.gateway.apidocs;

import io.dropline.contracts.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public API documents, one per surface, and Swagger UI to browse them (issue 14 point 6, docs/adr/0018). The
 * documents are generated from the services' source by {@code tools/openapi/generate.py} into this module's resources
 * and checked against the live route tables by {@code SdkEndToEndIT}; the gateway only serves the bytes. Swagger UI
 * comes from its Maven Central webjar, served from the gateway itself (no CDN).
 */
@RestController
class ApiDocumentsController {

    static final List<String> SURFACES = List.of("admin", "consumer", "spotlight-admin", "spotlight-sdk");

    /**
     * Swagger UI sets inline styles on its elements and shows its logo as a data: image; scripts only from here and
     * "Try it out" only against this gateway.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    private static final Map<String, byte[]> DOCUMENTS = documents();
    private static final byte[] PAGE = resource("openapi/ui/index.html");
    private static final byte[] INIT = resource("openapi/ui/init.js");
    private static final byte[] BUNDLE = resource(SWAGGER_UI + "swagger-ui-bundle.js");
    private static final byte[] PRESET = resource(SWAGGER_UI + "swagger-ui-standalone-preset.js");
    private static final byte[] STYLE = resource(SWAGGER_UI + "swagger-ui.css");

    @GetMapping("/openapi/{surface}.json")
    Mono<Void> document(ServerHttpResponse response, @PathVariable String surface) {
        byte[] document = DOCUMENTS.get(surface);
        if (document == null) {
            return Mono.error(ApiException.notFound("API document"));
        }
        return write(response, document, MediaType.APPLICATION_JSON);
    }

    @GetMapping({"/openapi", "/openapi/"})
    Mono<Void> ui(ServerHttpResponse response) {
        return write(response, PAGE, MediaType.TEXT_HTML);
    }

    @GetMapping("/openapi/assets/init.js")
    Mono<Void> init(ServerHttpResponse response) {
        return write(response, INIT, MediaType.valueOf("text/javascript;charset=UTF-8"));
    }

    @GetMapping("/openapi/assets/swagger-ui-bundle.js")
    Mono<Void> bundle(ServerHttpResponse response) {
        return write(response, BUNDLE, MediaType.valueOf("text/javascript;charset=UTF-8"));
    }

    @GetMapping("/openapi/assets/swagger-ui-standalone-preset.js")
    Mono<Void> preset(ServerHttpResponse response) {
        return write(response, PRESET, MediaType.valueOf("text/javascript;charset=UTF-8"));
    }

    @GetMapping("/openapi/assets/swagger-ui.css")
    Mono<Void> style(ServerHttpResponse response) {
        return write(response, STYLE, MediaType.valueOf("text/css;charset=UTF-8"));
    }

    private static Mono<Void> write(ServerHttpResponse response, byte[] body, MediaType type) {
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(type);
        headers.setContentLength(body.length);
        headers.setCacheControl(CacheControl.noCache());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private static Map<String, byte[]> documents() {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        SURFACES.forEach(surface -> documents.put(surface, resource("openapi/" + surface + ".json")));
        return Map.copyOf(documents);
    }

    /** The webjar's version from its own Maven metadata, so that upgrading it is a change of the pom only. */
    private static String swaggerUiVersion() {
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties").getInputStream()) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException failure) {
            throw new UncheckedIOException("the swagger-ui webjar is missing", failure);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException failure) {
            throw new UncheckedIOException("API documents resource missing: " + path, failure);
        }
    }
}

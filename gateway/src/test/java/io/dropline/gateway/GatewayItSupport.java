package io.dropline.gateway;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Shared wiring of the gateway's integration tests. */
final class GatewayItSupport {

    static final List<String> SERVICES = List.of("experiences", "audience", "consumer", "commerce", "analytics");
    static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GatewayItSupport() {
    }

    /**
     * A fresh database and Redis namespace, and every downstream service pointed at the echo server. Returns the
     * database's name.
     */
    static String register(DynamicPropertyRegistry registry) {
        String database = TestInfra.registerService(registry, "gateway");
        String echo = EchoServer.url();
        SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service, () -> echo));
        registry.add("management.server.port", () -> "0");
        return database;
    }

    /** What the echo server saw: header name (lower case) → values. */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> echoedHeaders(byte[] body) {
        Map<String, Object> echo = JSON.readValue(body, new TypeReference<Map<String, Object>>() {
        });
        return (Map<String, List<String>>) echo.get("headers");
    }

    static String echoedPath(byte[] body) {
        return (String) JSON.readValue(body, new TypeReference<Map<String, Object>>() {
        }).get("path");
    }

    static InternalContext context(Map<String, List<String>> headers) {
        List<String> values = headers.get(InternalContext.HEADER.toLowerCase(java.util.Locale.ROOT));
        if (values == null || values.size() != 1) {
            throw new AssertionError("Expected exactly one internal context header, got " + values);
        }
        return CODEC.verify(values.get(0)).orElseThrow(() -> new AssertionError("Context does not verify"));
    }
}

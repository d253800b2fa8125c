package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Oversized and malformed requests get the API's own error answer, with a request id, from whichever layer refuses
 * them: {@code EdgeWebFilter} below the hard caps of Netty's decoder (4 KiB request line, 8 KiB of headers), and
 * the Netty-level handler past them or where HTTP itself is malformed. Raw sockets, so nothing is normalised or
 * refused on the client side.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Tenant tenant;

    @BeforeAll
    void createTenant() {
        tenant = Tenants.create(context, "limits-shop");
    }

    /** An answer as it came off the wire. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        Map<String, Object> json() {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() {
            });
        }
    }

    @Test
    void whenSearchQueryIs5000CharactersThen414InTheApiFormat() {
        Answer answer = get("/api/v1/experiences?search=" + "a".repeat(5000), "Authorization: Bearer " + tenant.liveSecret());
        assertFanfareError(answer, 414, "Request URI too long", "URI_TOO_LONG");
    }

    @Test
    void whenAfterCursorIs5000CharactersThen414InTheApiFormatAndTheClientsRequestIdIsKept() {
        Answer answer = get("/api/v1/organizations/me/users?after=" + "b".repeat(5000),
                "Authorization: Bearer " + tenant.liveSecret(), "X-Request-Id: client-414");
        assertFanfareError(answer, 414, "Request URI too long", "URI_TOO_LONG");
        assertThat(answer.header("X-Request-Id")).isEqualTo("client-414");
    }

    @Test
    void whenSpotlightPathIsTooLongThen414InTheSpotlightFormat() {
        Answer answer = get("/v1/admin/tours?after=" + "c".repeat(5000), "X-API-Key: " + tenant.liveSecret());
        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) answer.json().get("error");
        assertThat(error).containsEntry("code", "URI_TOO_LONG").containsEntry("message", "Request URI too long")
                .containsEntry("request_id", answer.header("X-Request-Id"));
    }

    @Test
    void whenAuthorizationHeaderIs64KilobytesThen431InTheApiFormat() {
        Answer answer = get("/api/v1/organizations/me", "Authorization: Bearer " + "d".repeat(64 * 1024));
        assertFanfareError(answer, 431, "Request header fields too large", "HEADERS_TOO_LARGE");
    }

    @Test
    void whenHeadersExceed8KilobytesBelowTheHardCapThen431AndTheClientsRequestIdIsKept() {
        Answer answer = get("/api/v1/organizations/me", "Authorization: Bearer " + tenant.liveSecret(),
                "X-Request-Id: client-431", "X-Padding: " + "e".repeat(16 * 1024));
        assertFanfareError(answer, 431, "Request header fields too large", "HEADERS_TOO_LARGE");
        assertThat(answer.header("X-Request-Id")).isEqualTo("client-431");
    }

    @Test
    void whenRequestLineIsPastTheDecodersHardCapThen414InTheApiFormat() {
        Answer answer = get("/api/v1/organizations/me?x=" + "f".repeat(20_000));
        assertFanfareError(answer, 414, "Request URI too long", "URI_TOO_LONG");
    }

    @Test
    void whenRequestLineIsExactlyAtTheLimitThenItIsServedAndOneMoreByteIs414() {
        String path = "/api/v1/organizations/me?x=";
        // "GET " + target + " HTTP/1.1" is 4096 bytes: the largest request line Netty used to accept.
        int fill = 4096 - "GET ".length() - path.length() - " HTTP/1.1".length();
        Answer atLimit = get(path + "g".repeat(fill), "Authorization: Bearer " + tenant.liveSecret());
        assertThat(atLimit.status()).isEqualTo(200);
        assertThat(atLimit.json()).containsEntry("slug", "limits-shop");
        Answer overLimit = get(path + "g".repeat(fill + 1), "Authorization: Bearer " + tenant.liveSecret());
        assertFanfareError(overLimit, 414, "Request URI too long", "URI_TOO_LONG");
    }

    @Test
    void whenHttpIsMalformedThen400InTheApiFormat() {
        Answer spaceInHeaderName = get("/api/v1/organizations/me", "Bad Header: x");
        assertFanfareError(spaceInHeaderName, 400, "Malformed HTTP request", "MALFORMED_REQUEST");
        Answer garbage = exchange("NOT HTTP AT ALL\r\n\r\n");
        assertFanfareError(garbage, 400, "Malformed HTTP request", "MALFORMED_REQUEST");
    }

    @Test
    void whenTheTargetIsNoValidUriThen400InTheApiFormatWithTheClientsRequestId() {
        Answer answer = get("/api/v1/organizations/me?q=a|b", "X-Request-Id: client-400");
        assertFanfareError(answer, 400, "Malformed HTTP request", "MALFORMED_REQUEST");
        assertThat(answer.header("X-Request-Id")).isEqualTo("client-400");
    }

    private static void assertFanfareError(Answer answer, int status, String message, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        String requestId = answer.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        assertThat(answer.json()).containsEntry("error", message).containsEntry("code", code)
                .containsEntry("requestId", requestId);
    }

    private Answer get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return exchange(request.append("Connection: close\r\n\r\n").toString());
    }

    /** Sends the bytes as they are and reads the answer until the server closes the connection. */
    private Answer exchange(String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
        } catch (java.net.SocketException reset) {
            // The server may reset a connection it refused while the client was still sending: keep what arrived.
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP answer, got: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, text.substring(end + 4));
    }
}

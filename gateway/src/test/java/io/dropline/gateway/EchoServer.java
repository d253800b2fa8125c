package io.dropline.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in downstream service: a real HTTP server that answers every request with what it received (method,
 * path, headers, lower-cased names) as JSON, so tests can see exactly what the gateway forwards; or, for a path
 * containing {@link #STALL}, stalls after the headers; or, for {@link #SIZED}, answers a body of a given size; or, for
 * {@link #EVENTS}, answers a short event stream.
 */
final class EchoServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final reactor.netty.resources.LoopResources LOOPS =
            reactor.netty.resources.LoopResources.create("echo-server", 1, true);
    private static DisposableServer server;
    /** A path containing this is answered with headers and a first chunk, then silence. */
    static final String STALL = "stall-after-headers";
    /**
     * A path {@code …/sized/<bytes>/<chunks>/<length|chunked>} is answered with {@link #body} of that many bytes,
     * written in that many chunks, with a {@code Content-Length} or chunked.
     */
    static final String SIZED = "sized";
    /**
     * A path containing this, asked with {@code Accept: text/event-stream}, is answered with two events, each the
     * protocol it came over and the peer's port (streams multiplexed on one HTTP/2 connection share it), then the end
     * of the stream. Other streams are echoed like any request.
     */
    static final String EVENTS = "sse-events";

    private EchoServer() {
    }

    static synchronized String url() {
        if (server == null || server.isDisposed()) {
            // Its own event loops: a closing test context disposes Reactor Netty's global ones, which would take a
            // server started on them down for every later test class in this JVM.
            // HTTP/1.1 and HTTP/2 without TLS, as experiences-service accepts them (server.http2.enabled).
            server = HttpServer.create().host("127.0.0.1").port(0).runOn(LOOPS)
                    .protocol(reactor.netty.http.HttpProtocol.HTTP11, reactor.netty.http.HttpProtocol.H2C)
                    .handle((request, response) -> {
                        if (request.uri().contains(STALL)) {
                            // A service that sends its headers and the start of a body, then nothing more.
                            return response.header("Content-Type", "application/json")
                                    .sendString(reactor.core.publisher.Flux.just("{\"partial\":").concatWith(reactor.core.publisher.Flux.never()))
                                    .then();
                        }
                        if (request.uri().contains("/" + SIZED + "/")) {
                            return sized(request.uri(), response);
                        }
                        String accept = request.requestHeaders().get("Accept", "");
                        if (request.uri().contains(EVENTS) && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE)) {
                            String event = "event:status\ndata:" + request.protocol() + " "
                                    + request.remoteAddress().getPort() + "\n\n";
                            return response.header("Content-Type", MediaType.TEXT_EVENT_STREAM_VALUE)
                                    .sendString(reactor.core.publisher.Flux.just(event, event)).then();
                        }
                        Map<String, Object> echo = new LinkedHashMap<>();
                        echo.put("method", request.method().name());
                        echo.put("protocol", request.protocol());
                        echo.put("path", request.uri());
                        Map<String, List<String>> headers = new LinkedHashMap<>();
                        request.requestHeaders().forEach(header -> headers
                                .computeIfAbsent(header.getKey().toLowerCase(java.util.Locale.ROOT), name -> new java.util.ArrayList<>())
                                .add(header.getValue()));
                        echo.put("headers", headers);
                        return response.header("Content-Type", "application/json")
                                .sendString(reactor.core.publisher.Mono.just(JSON.writeValueAsString(echo)))
                                .then();
                    })
                    .bindNow();
        }
        return "http://127.0.0.1:" + server.port();
    }

    private static reactor.core.publisher.Mono<Void> sized(String uri, reactor.netty.http.server.HttpServerResponse response) {
        String[] parts = uri.substring(uri.indexOf("/" + SIZED + "/") + SIZED.length() + 2).split("/");
        byte[] body = body(Integer.parseInt(parts[0]));
        int chunks = Integer.parseInt(parts[1]);
        if ("length".equals(parts[2])) {
            response.header("Content-Length", Integer.toString(body.length));
        } else {
            response.chunkedTransfer(true);
        }
        int size = (body.length + chunks - 1) / chunks;
        return response.header("Content-Type", "application/octet-stream")
                .sendByteArray(reactor.core.publisher.Flux.range(0, chunks)
                        .map(chunk -> java.util.Arrays.copyOfRange(body, Math.min(chunk * size, body.length),
                                Math.min((chunk + 1) * size, body.length))))
                .then();
    }

    /** The sized answers' body: the bytes {@code 'a'..'z'} over and over. */
    static byte[] body(int bytes) {
        byte[] body = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A URL where nothing listens: the port was free a moment ago. */
    static String deadUrl() {
        return "http://127.0.0.1:" + freePort();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}

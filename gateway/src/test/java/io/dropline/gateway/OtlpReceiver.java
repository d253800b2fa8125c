package io.dropline.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A stand-in OpenTelemetry collector: a real HTTP server accepting OTLP/HTTP exports on {@code /v1/traces}
 * (protobuf, as OpenTelemetry's exporter sends them) and keeping the spans it received. It reads only the fields
 * the tests look at, with a protobuf reader of its own (the OTLP protobuf classes are not on the classpath).
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span: the service that sent it and its ids (lower-case hex; an empty parent for a root). */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {

        static final int SERVER = 2;
        static final int CLIENT = 3;
    }

    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final LoopResources loops = LoopResources.create("otlp-receiver", 1, true);
    private final DisposableServer server;

    OtlpReceiver() {
        server = HttpServer.create().host("127.0.0.1").port(0).runOn(loops)
                .handle((request, response) -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            paths.add(request.uri());
                            if (request.uri().startsWith("/v1/traces")) {
                                spans.addAll(decode(body));
                            }
                            // An empty ExportTraceServiceResponse: everything accepted.
                            return response.header("Content-Type", "application/x-protobuf").send().then();
                        }))
                .bindNow();
    }

    /** The base URL, as DROPLINE_OTLP_ENDPOINT takes it. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.disposeNow();
        loops.dispose();
    }

    /** ExportTraceServiceRequest: resource_spans = 1. */
    static List<Span> decode(byte[] request) {
        List<Span> decoded = new ArrayList<>();
        for (Field resourceSpans : fields(request)) {
            if (resourceSpans.number() != 1) {
                continue;
            }
            // ResourceSpans: resource = 1, scope_spans = 2.
            String service = "";
            List<byte[]> scopes = new ArrayList<>();
            for (Field field : fields(resourceSpans.bytes())) {
                if (field.number() == 1) {
                    service = serviceName(field.bytes());
                } else if (field.number() == 2) {
                    scopes.add(field.bytes());
                }
            }
            for (byte[] scope : scopes) {
                // ScopeSpans: spans = 2.
                for (Field span : fields(scope)) {
                    if (span.number() == 2) {
                        decoded.add(span(service, span.bytes()));
                    }
                }
            }
        }
        return decoded;
    }

    /** Resource: attributes = 1 (KeyValue: key = 1, value = 2 (AnyValue: string_value = 1)). */
    private static String serviceName(byte[] resource) {
        for (Field attribute : fields(resource)) {
            if (attribute.number() != 1) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field part : fields(attribute.bytes())) {
                if (part.number() == 1) {
                    key = new String(part.bytes(), StandardCharsets.UTF_8);
                } else if (part.number() == 2) {
                    for (Field any : fields(part.bytes())) {
                        if (any.number() == 1) {
                            value = new String(any.bytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if ("service.name".equals(key)) {
                return value;
            }
        }
        return "";
    }

    /** Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6. */
    private static Span span(String service, byte[] span) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        for (Field field : fields(span)) {
            switch (field.number()) {
                case 1 -> traceId = hex.formatHex(field.bytes());
                case 2 -> spanId = hex.formatHex(field.bytes());
                case 4 -> parent = hex.formatHex(field.bytes());
                case 5 -> name = new String(field.bytes(), StandardCharsets.UTF_8);
                case 6 -> kind = (int) field.varint();
                default -> {
                }
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind);
    }

    /** One field of a protobuf message: a varint's value, or a length-delimited field's bytes. */
    private record Field(int number, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> fields.add(new Field(number, varint(message, at), new byte[0]));
                case 1 -> at[0] += 8;
                case 2 -> {
                    int length = (int) varint(message, at);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(length);
                    bytes.write(message, at[0], length);
                    at[0] += length;
                    fields.add(new Field(number, 0, bytes.toByteArray()));
                }
                case 5 -> at[0] += 4;
                default -> throw new IllegalArgumentException("Unsupported protobuf wire type " + wireType);
            }
        }
        return fields;
    }

    private static long varint(byte[] message, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("Malformed varint");
    }
}

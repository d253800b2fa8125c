package io.dropline.gateway.web;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.RequestIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.http.HttpStatus;

/**
 * Gives the API's error body and a request id to error answers written below Spring, which would otherwise leave
 * with an empty body and no {@code X-Request-Id}: Reactor Netty's answers to what its HTTP decoder refuses (a
 * request line or header block past the hard caps: 414, 431; malformed HTTP: 400), and Spring's adapter refusing
 * a request target it cannot parse as a URI (400).
 *
 * <p>Sits right after the HTTP codec, one instance per connection, and only rewrites on the way out: Reactor
 * Netty still decides when to answer, keeps pipelined answers in order and closes the connection after a decoder
 * failure. An error answer that went through the WebFilter chain always carries {@code X-Request-Id}
 * ({@link EdgeWebFilter}); a complete, empty error answer without one was written below it.
 */
final class BareErrorResponseHandler extends ChannelDuplexHandler {

    static final String NAME = "dropline.bareErrorResponseHandler";

    /** What the decoder names a request whose request line it could not read: the path is then unknown. */
    private static final String UNKNOWN_PATH = "/bad-request";

    /**
     * What a formatted answer needs to know of a request still waiting for its answer, oldest first; kept raw, as
     * almost every answer is not an error written below Spring.
     */
    private record Pending(String uri, boolean head, String requestIdHeader) {

        String path() {
            String path = new QueryStringDecoder(uri).rawPath();
            return UNKNOWN_PATH.equals(path) ? "/" : path;
        }

        String requestId() {
            return RequestIds.isSane(requestIdHeader) ? requestIdHeader : Ids.newUuid().toString();
        }
    }

    private final ErrorResponses errors;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean informationalResponse;

    BareErrorResponseHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            pending.add(new Pending(request.uri(), HttpMethod.HEAD.equals(request.method()),
                    request.headers().get(RequestIds.HEADER)));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object out = msg;
        if (msg instanceof HttpResponse response) {
            // A 100 Continue is not the answer to its request; the final response follows it.
            informationalResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof FullHttpResponse full && isBareError(full)) {
                out = formatted(full, pending.peek());
            }
        }
        if (msg instanceof LastHttpContent) {
            if (!informationalResponse) {
                pending.poll();
            }
            informationalResponse = false;
        }
        ctx.write(out, promise);
    }

    private static boolean isBareError(FullHttpResponse response) {
        return response.status().code() >= 400
                && HttpStatus.resolve(response.status().code()) != null
                && !response.content().isReadable()
                && !response.headers().contains(RequestIds.HEADER);
    }

    private FullHttpResponse formatted(FullHttpResponse bare, Pending request) {
        String requestId = request != null ? request.requestId() : Ids.newUuid().toString();
        if (request != null && request.head()) {
            // A HEAD answer has no body to format; its framing stays as Reactor Netty wrote it.
            bare.headers().set(RequestIds.HEADER, requestId);
            return bare;
        }
        HttpStatus status = HttpStatus.valueOf(bare.status().code());
        byte[] body = errors.body(request == null ? "/" : request.path(), status, messageFor(status), codeFor(status),
                requestId, null);
        FullHttpResponse response = new DefaultFullHttpResponse(bare.protocolVersion(), bare.status(),
                Unpooled.wrappedBuffer(body), bare.headers().copy(), bare.trailingHeaders().copy());
        bare.release();
        response.headers()
                .remove(HttpHeaderNames.TRANSFER_ENCODING)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(RequestIds.HEADER, requestId);
        return response;
    }

    private static String messageFor(HttpStatus status) {
        return switch (status) {
            case URI_TOO_LONG -> RequestLimits.URI_TOO_LONG_MESSAGE;
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> RequestLimits.HEADERS_TOO_LARGE_MESSAGE;
            case BAD_REQUEST -> "Malformed HTTP request";
            default -> status.getReasonPhrase();
        };
    }

    private static String codeFor(HttpStatus status) {
        return switch (status) {
            case URI_TOO_LONG -> RequestLimits.URI_TOO_LONG_CODE;
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> RequestLimits.HEADERS_TOO_LARGE_CODE;
            case BAD_REQUEST -> "MALFORMED_REQUEST";
            default -> null;
        };
    }
}

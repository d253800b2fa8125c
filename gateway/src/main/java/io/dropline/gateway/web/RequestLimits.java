package io.dropline.gateway.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The request-size limits of the public API, enforced by {@link EdgeWebFilter} so the answer is in the API's own
 * format with a request id. They are the limits Reactor Netty used to enforce itself (4 KiB request line, 8 KiB of
 * headers), where it answered 414/431 with an empty body. Netty's decoder now stops only at the hard caps in
 * {@code application.yml} ({@code server.netty.max-initial-line-length}, {@code server.max-http-request-header-size}),
 * which bound what one connection may buffer; past them Reactor Netty refuses the request itself, and
 * {@link BareErrorResponseHandler} puts the API's body and a request id on its answer.
 */
final class RequestLimits {

    /** Method, target and version, without the CRLF: what Netty's {@code maxInitialLineLength} counts. */
    static final int MAX_REQUEST_LINE_BYTES = 4096;

    /** Every header line ({@code name: value}, without the CRLF): what Netty's {@code maxHeaderSize} counts. */
    static final int MAX_HEADER_BYTES = 8192;

    static final String URI_TOO_LONG_MESSAGE = "Request URI too long";
    static final String URI_TOO_LONG_CODE = "URI_TOO_LONG";
    static final String HEADERS_TOO_LARGE_MESSAGE = "Request header fields too large";
    static final String HEADERS_TOO_LARGE_CODE = "HEADERS_TOO_LARGE";

    private static final int VERSION_LENGTH = "HTTP/1.1".length();

    private RequestLimits() {
    }

    static boolean requestLineTooLong(ServerHttpRequest request) {
        return requestLineLength(request) > MAX_REQUEST_LINE_BYTES;
    }

    static boolean headersTooLarge(ServerHttpRequest request) {
        return headerBlockLength(request.getHeaders()) > MAX_HEADER_BYTES;
    }

    /** The length of the request line as the client sent it (origin form: the raw path and query). */
    static int requestLineLength(ServerHttpRequest request) {
        URI uri = request.getURI();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery();
        int target = path.length() + (query == null ? 0 : 1 + query.length());
        return request.getMethod().name().length() + 1 + target + 1 + VERSION_LENGTH;
    }

    /** The size of the header block as sent: each {@code name: value} line, repeated headers counted per line. */
    static long headerBlockLength(HttpHeaders headers) {
        // forEach, not headerSet(): the latter builds a case-insensitive set of the names on every call.
        long[] total = {0};
        headers.forEach((name, values) -> {
            for (String value : values) {
                total[0] += name.length() + 2 + value.length();
            }
        });
        return total[0];
    }
}

package io.dropline.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BareErrorResponseHandlerTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(
            new BareErrorResponseHandler(new ErrorResponses(JsonMapper.builder().build())));

    @Test
    void aBareErrorGetsTheBodyAndTheRequestIdOfItsRequest() {
        request(HttpMethod.GET, "/api/v1/x?q=a|b", "client-1");
        FullHttpResponse answer = respond(bare(HttpResponseStatus.BAD_REQUEST));
        assertThat(answer.headers().get("X-Request-Id")).isEqualTo("client-1");
        assertThat(answer.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(body(answer)).isEqualTo(
                "{\"error\":\"Malformed HTTP request\",\"code\":\"MALFORMED_REQUEST\",\"requestId\":\"client-1\"}");
        assertThat(answer.headers().getInt("Content-Length")).isEqualTo(answer.content().readableBytes());
    }

    @Test
    void pipelinedAnswersAreMatchedToTheirRequestsInOrder() {
        request(HttpMethod.GET, "/health", "first");
        request(HttpMethod.GET, "/v1/admin/tours", "second");
        FullHttpResponse ok = bare(HttpResponseStatus.OK);
        ok.headers().set("X-Request-Id", "first");
        assertThat(respond(ok).content().readableBytes()).isZero();
        FullHttpResponse second = respond(bare(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE));
        assertThat(body(second)).contains("\"code\":\"HEADERS_TOO_LARGE\"").contains("\"request_id\":\"second\"");
    }

    @Test
    void aContinueIsNotTheAnswerToItsRequest() {
        request(HttpMethod.POST, "/api/v1/x", "only");
        respond(bare(HttpResponseStatus.CONTINUE));
        FullHttpResponse answer = respond(bare(HttpResponseStatus.REQUEST_URI_TOO_LONG));
        assertThat(answer.headers().get("X-Request-Id")).isEqualTo("only");
    }

    @Test
    void anAnswerThatWentThroughTheFiltersIsLeftAlone() {
        request(HttpMethod.GET, "/api/v1/x", null);
        FullHttpResponse filtered = bare(HttpResponseStatus.NOT_FOUND);
        filtered.headers().set("X-Request-Id", "from-the-filter");
        FullHttpResponse answer = respond(filtered);
        assertThat(answer).isSameAs(filtered);
        assertThat(answer.content().readableBytes()).isZero();
    }

    @Test
    void aHeadAnswerGetsARequestIdButNoBody() {
        request(HttpMethod.HEAD, "/api/v1/x?q=a|b", null);
        FullHttpResponse answer = respond(bare(HttpResponseStatus.BAD_REQUEST));
        assertThat(answer.headers().get("X-Request-Id")).isNotBlank();
        assertThat(answer.content().readableBytes()).isZero();
    }

    @Test
    void aRequestWhoseLineCouldNotBeReadGetsTheFanfareEnvelopeAndANewId() {
        request(HttpMethod.GET, "/bad-request", "not sane!");
        FullHttpResponse answer = respond(bare(HttpResponseStatus.REQUEST_URI_TOO_LONG));
        String requestId = answer.headers().get("X-Request-Id");
        assertThat(requestId).isNotBlank().isNotEqualTo("not sane!");
        assertThat(body(answer)).isEqualTo(
                "{\"error\":\"Request URI too long\",\"code\":\"URI_TOO_LONG\",\"requestId\":\"" + requestId + "\"}");
    }

    private void request(HttpMethod method, String uri, String requestId) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (requestId != null) {
            request.headers().set("X-Request-Id", requestId);
        }
        channel.writeInbound(request);
        ((DefaultFullHttpRequest) channel.readInbound()).release();
    }

    private FullHttpResponse respond(FullHttpResponse response) {
        channel.writeOutbound(response);
        return channel.readOutbound();
    }

    private static FullHttpResponse bare(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.buffer(0));
        response.headers().setInt("Content-Length", 0).set("Connection", "close");
        return response;
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}

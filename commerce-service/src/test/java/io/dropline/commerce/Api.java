package io.dropline.commerce;

import io.dropline.contracts.context.InternalContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Small helpers for calling commerce-service as the gateway would; every body is read (no leaked connection). */
public record Api(WebTestClient http, String context) {

    public Api as(String otherContext) {
        return new Api(http, otherContext);
    }

    public WebTestClient.ResponseSpec call(HttpMethod method, String path, Object body) {
        WebTestClient.RequestBodySpec spec = http.method(method).uri(path).header(InternalContext.HEADER, context)
                .header("X-Request-Id", "req-commerce-test");
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public JsonNode json(HttpMethod method, String path, Object body, int status) {
        return call(method, path, body).expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public JsonNode post(String path, Object body) {
        return json(HttpMethod.POST, path, body, 201);
    }

    public JsonNode get(String path) {
        return json(HttpMethod.GET, path, null, 200);
    }

    /** Any status but the expected one fails; the API's error envelope is checked on 4xx. */
    public JsonNode error(HttpMethod method, String path, Object body, int status) {
        JsonNode error = json(method, path, body, status);
        if (error == null || !error.has("error") || !error.has("requestId")) {
            throw new AssertionError("Not the API's error format: " + error);
        }
        return error;
    }
}

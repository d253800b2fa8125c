package io.dropline.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workload's view of Dropline: the public API through the gateway, every call recorded in the {@link History}
 * with explicit connect and request timeouts (a hung dependency shows as a slow answer or as no answer, never as a
 * stuck virtual user).
 */
final class Api {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Session(String accessToken, String sessionId, String consumerId) {
    }

    record Result(Op op, JsonNode body) {
        boolean ok() {
            return op.ok();
        }
    }

    private final HttpClient http;
    private final String base;
    private final Mesh.Tenant tenant;
    private final History history;
    private volatile int schedule;

    Api(String base, Mesh.Tenant tenant, History history) {
        this.base = base;
        this.tenant = tenant;
        this.history = history;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .executor(Executors.newFixedThreadPool(4, daemon())).build();
    }

    void schedule(int index) {
        schedule = index;
    }

    int schedule() {
        return schedule;
    }

    History history() {
        return history;
    }

    Session guest(String actor) {
        Result result = consumerCall(actor, Op.Kind.GUEST, "POST", "/api/v1/auth/guest", null, null);
        if (!result.ok() || result.body() == null) {
            return null;
        }
        return new Session(text(result.body(), "/accessToken"), text(result.body(), "/session/sessionId"),
                text(result.body(), "/session/consumerId"));
    }

    Result join(String actor, Session session, String queue) {
        return consumerCall(actor, Op.Kind.JOIN, "POST", "/api/v1/queues/" + queue + "/enter", session, null);
    }

    Result status(String actor, Op.Kind kind, Session session, String queue) {
        return consumerCall(actor, kind, "GET", "/api/v1/queues/" + queue + "/status", session, null);
    }

    Result logout(String actor, Session session) {
        return consumerCall(actor, Op.Kind.LOGOUT, "POST", "/api/v1/auth/logout", session, null);
    }

    Result adminCreateExperience(String actor, Op.Kind kind, Map<String, Object> body) {
        return adminCall(actor, kind, "POST", "/api/v1/experiences", body);
    }

    Result adminUpdateExperience(String actor, String id, String name) {
        return adminCall(actor, Op.Kind.ADMIN_UPDATE, "PUT", "/api/v1/experiences/" + id, Map.of("name", name));
    }

    Result adminRead(String actor, String path) {
        return adminCall(actor, Op.Kind.ADMIN_READ, "GET", path, null);
    }

    private Result consumerCall(String actor, Op.Kind kind, String method, String path, Session session, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("X-Publishable-Key", tenant.publishableKey());
        if (session != null) {
            request.header("Authorization", "Bearer " + session.accessToken());
        }
        return call(actor, kind, method, path, request, body, session == null ? null : session.sessionId(),
                session == null ? null : session.consumerId());
    }

    private Result adminCall(String actor, Op.Kind kind, String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + tenant.secretKey());
        return call(actor, kind, method, path, request, body, null, null);
    }

    private Result call(String actor, Op.Kind kind, String method, String path, HttpRequest.Builder request, Object body,
            String token, String consumer) {
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else if ("POST".equals(method)) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = history.nowMs();
        Map<String, String> fields = new HashMap<>();
        if (body instanceof Map<?, ?> map && map.get("name") instanceof String name) {
            fields.put("sent", name);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = parse(response.body());
            if (json != null) {
                for (String field : List.of("status", "position", "id", "name", "code", "consumerId")) {
                    JsonNode value = json.get(field);
                    if (value != null && value.isValueNode()) {
                        fields.put(field, value.asString());
                    }
                }
                if (json.has("admissionGrant")) {
                    fields.put("granted", "true");
                }
                JsonNode session = json.get("session");
                if (session != null && session.has("consumerId")) {
                    fields.put("consumerId", session.get("consumerId").asString());
                }
                if (response.statusCode() >= 500 && json.has("message")) {
                    fields.put("message", json.get("message").asString());
                }
            }
            Op op = history.record(schedule, actor, kind, method, path, token, consumer, start, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), null, fields);
            return new Result(op, json);
        } catch (HttpTimeoutException timedOut) {
            return new Result(history.record(schedule, actor, kind, method, path, token, consumer, start, -1, null,
                    "timeout", fields), null);
        } catch (IOException failed) {
            return new Result(history.record(schedule, actor, kind, method, path, token, consumer, start, -1, null,
                    failed.getClass().getSimpleName(), fields), null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Result(history.record(schedule, actor, kind, method, path, token, consumer, start, -1, null,
                    "interrupted", fields), null);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static String text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "fault-http");
            thread.setDaemon(true);
            return thread;
        };
    }
}

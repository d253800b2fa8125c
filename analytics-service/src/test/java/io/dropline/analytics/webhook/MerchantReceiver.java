package io.dropline.analytics.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A merchant's webhook receiver: a real HTTP server in the test (plain threads) that records every request and
 * answers by path: {@code /ok} 200, {@code /fail} 500, {@code /gone} 410, {@code /slow} only when released.
 * {@link #verifies} checks a signature the way docs/webhooks.md tells merchants to.
 */
final class MerchantReceiver implements AutoCloseable {

    record Received(String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    MerchantReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            int status = path.startsWith("/fail") ? 500 : path.startsWith("/gone") ? 410 : 200;
            if (path.startsWith("/slow")) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    void releaseSlow() {
        release.countDown();
    }

    /** What a merchant does: HMAC-SHA256(secret, timestamp + "." + raw body), compared in constant time. */
    static boolean verifies(String secret, Received request) {
        try {
            String timestamp = request.header("X-Fanfare-Timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + request.body())
                    .getBytes(StandardCharsets.UTF_8)));
            for (String signature : request.header("X-Fanfare-Signature").split(",")) {
                if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.strip().getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}

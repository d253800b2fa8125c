package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Consumer API from a real browser: headless Chromium (the system's, driven by playwright-core from
 * {@code browser-tests/}) opens a shop's page served from an allowed origin (a small HTTP server on another port),
 * which creates a guest session, routes, joins a queue, reads its status with fetch and then live through
 * {@code EventSource} with a stream token; the same page from an origin off the list is refused by the browser. The
 * gateway runs here, consumer-service and experiences-service as real processes. Screenshots and the
 * script's JSON report: {@code gateway/target/browser-screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium}, {@code node} and {@code browser-tests/node_modules} ({@code .ci/run} installs
 * them); without them the test is skipped, or fails under {@code TEST_INFRA=require}.
 */
class BrowserEndToEndIT extends SharedMeshEndToEnd {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @AfterAll
    static void stopServices() {
        if (shopPage != null) {
            shopPage.disposeNow();
        }
        if (otherPage != null) {
            otherPage.disposeNow();
        }
        if (checkoutPage != null) {
            checkoutPage.disposeNow();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int gatewayPort;

    static DisposableServer shopPage;
    static DisposableServer otherPage;
    static DisposableServer checkoutPage;
    Path browserTests;

    @BeforeAll
    void browserAndPages() throws IOException {
        browserTests = browserTestsDirectory();
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isDirectory(browserTests.resolve("node_modules/playwright-core"));
        String why = "Chromium (" + CHROMIUM + ") and browser-tests/node_modules (npm ci) are needed; .ci/run installs both";
        if ("require".equals(System.getenv("TEST_INFRA"))) {
            assertThat(ready).as(why).isTrue();
        }
        Assumptions.assumeTrue(ready, why);
        byte[] page = Files.readAllBytes(browserTests.resolve("pages/consumer.html"));
        shopPage = pageServer(page);
        otherPage = pageServer(page);
        checkoutPage = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/checkout", (request, response) -> response
                        .header("Content-Type", "text/html; charset=utf-8")
                        .sendString(Mono.just("<!doctype html><html lang=\"en\"><title>Checkout</title><h1>The shop's checkout</h1>"))
                        .then()))
                .bindNow();
    }

    @Test
    void aShopsPageUsesTheConsumerApiAndAStrangersPageIsRefusedByTheBrowser() throws Exception {
        Tenants.Tenant shop = Tenants.create(context, "browser-e2e");
        String shopOrigin = "http://127.0.0.1:" + shopPage.port();
        http.put().uri("/api/v1/settings/allowed-origins").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("origins", List.of(shopOrigin)))
                .exchange().expectStatus().isOk().expectBody();
        JsonNode experience = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Browser drop", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 1, "admissionExpirationSeconds", 600)))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        // Cold services on a loaded machine may miss the gateway's 5 s response timeout on their first calls: wait
        // until a guest session can be made at all (the page itself also honours Retry-After on a 503).
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> http.post().uri("/api/v1/auth/guest")
                .header("X-Publishable-Key", shop.livePublishable()).exchange().expectStatus().isCreated().expectBody());
        String query = "/consumer.html?gateway=http://127.0.0.1:" + gatewayPort + "&pk=" + shop.livePublishable()
                + "&experience=" + experience.get("id").stringValue()
                + "&queue=" + experience.at("/distributions/0/id").stringValue();

        Path screenshots = Path.of("target", "browser-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path report = screenshots.resolve("result.json");
        ProcessBuilder run = new ProcessBuilder("node", "run.mjs").directory(browserTests.toFile())
                .redirectOutput(report.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        run.environment().put("ALLOWED_PAGE", shopOrigin + query);
        run.environment().put("DISALLOWED_PAGE", "http://127.0.0.1:" + otherPage.port() + query);
        run.environment().put("SCREENSHOT_DIR", screenshots.toString());
        run.environment().put("CHROMIUM", CHROMIUM.toString());
        Process browser = run.start();
        // The script bounds each page itself (30 s to load, 120 s for the journey); this bounds the whole run.
        boolean finished = browser.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("the browser run finished").isTrue();
        String output = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println("browser-tests: " + output);

        JsonNode result = JSON.readTree(output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        JsonNode allowed = result.get("allowed");
        assertThat(allowed.get("ok").asBoolean()).as("allowed page: %s", allowed).isTrue();
        JsonNode outcome = allowed.get("outcome");
        assertThat(outcome.get("guest").stringValue()).isEqualTo("guest");
        assertThat(outcome.get("routed").stringValue()).isEqualTo("routed");
        assertThat(outcome.at("/entered/status").stringValue()).isIn("QUEUED", "GRANTED");
        assertThat(outcome.at("/polled/status").stringValue()).isIn("QUEUED", "GRANTED");
        assertThat(outcome.at("/streamed/status").stringValue()).isIn("QUEUED", "GRANTED");
        assertThat(outcome.get("requestIdExposed").asBoolean()).isTrue();
        assertThat(outcome.get("rateLimitExposed").asBoolean()).isTrue();

        JsonNode disallowed = result.get("disallowed");
        assertThat(disallowed.get("ok").asBoolean()).isFalse();
        // fetch() rejects with a TypeError: the browser refused the answer (no Access-Control-Allow-Origin).
        assertThat(disallowed.get("error").stringValue()).isEqualTo("Failed to fetch");
        assertThat(disallowed.get("console").toString()).contains("CORS");
        assertThat(browser.exitValue()).isZero();
        assertThat(screenshots.resolve("allowed-origin.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("disallowed-origin.png")).isNotEmptyFile();
    }

    /**
     * Issue 14 point 3: the gateway's hosted waiting page. Fifty browser-less shoppers (guest session + enter, all at
     * once) and one real browser join the same queue; the page shows its place falling live, survives a reload
     * without losing its place, and lands on the shop's checkout URL (a local server on the tenant's allowed
     * origins) with the admission grant. Accessibility basics and the Content-Security-Policy are checked in the
     * same run; screenshots go to {@code target/browser-screenshots/}.
     */
    @Test
    void theHostedWaitingPageWaitsInLineWithFiftyOthersAndHandsTheGrantToCheckout() throws Exception {
        Tenants.Tenant shop = Tenants.create(context, "hosted-wait");
        String checkoutOrigin = "http://127.0.0.1:" + checkoutPage.port();
        http.put().uri("/api/v1/settings/allowed-origins").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("origins", List.of(checkoutOrigin)))
                .exchange().expectStatus().isOk().expectBody();
        JsonNode experience = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Hosted drop", "sequence", Map.of("name", "General", "color", "#7a3cc8",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 1, "admissionExpirationSeconds", 600)))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String experienceId = experience.get("id").stringValue();
        String queueId = experience.at("/distributions/0/id").stringValue();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> http.post().uri("/api/v1/auth/guest")
                .header("X-Publishable-Key", shop.livePublishable()).exchange().expectStatus().isCreated().expectBody());

        // Fifty shoppers without a browser, all at once: each a guest session and an enter.
        WebClient client = WebClient.create("http://127.0.0.1:" + gatewayPort);
        List<String> joined = Flux.range(0, 50)
                .flatMap(shopper -> client.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable())
                        .retrieve().bodyToMono(JsonNode.class)
                        .retryWhen(busy())
                        .flatMap(bundle -> client.post().uri("/api/v1/queues/" + queueId + "/enter")
                                .header("X-Publishable-Key", shop.livePublishable())
                                .header("Authorization", "Bearer " + bundle.get("accessToken").stringValue())
                                .retrieve().bodyToMono(JsonNode.class)
                                .retryWhen(busy()))
                        .map(status -> status.get("status").stringValue()), 50)
                .collectList().block(Duration.ofSeconds(120));
        assertThat(joined).hasSize(50).allMatch(status -> status.equals("QUEUED") || status.equals("GRANTED"));

        String checkout = checkoutOrigin + "/checkout?order=42";
        String page = "http://127.0.0.1:" + gatewayPort + "/wait/" + experienceId + "?pk=" + shop.livePublishable()
                + "&checkout=" + URLEncoder.encode(checkout, StandardCharsets.UTF_8);
        // The page itself: HTML with a CSP; a checkout off the tenant's list, or a secret key, is refused (400).
        http.get().uri(URI.create(page)).exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self'.*")
                .expectBody(String.class).value(html -> assertThat(html).contains("aria-live"));
        http.get().uri(URI.create(page.replace(URLEncoder.encode(checkoutOrigin, StandardCharsets.UTF_8),
                        URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8))))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("checkout");

        Path screenshots = Path.of("target", "browser-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path report = screenshots.resolve("hosted-wait.json");
        ProcessBuilder run = new ProcessBuilder("node", "wait.mjs").directory(browserTests.toFile())
                .redirectOutput(report.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        run.environment().put("WAIT_PAGE", page);
        run.environment().put("CHECKOUT_PREFIX", checkoutOrigin + "/checkout");
        // Issue 14 point 4 in the same run: the merchant's server asks for an operator session and opens its URL.
        JsonNode operatorSession = http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        run.environment().put("OPERATOR_PAGE", "http://127.0.0.1:" + gatewayPort + operatorSession.get("url").stringValue());
        run.environment().put("SCREENSHOT_DIR", screenshots.toString());
        run.environment().put("CHROMIUM", CHROMIUM.toString());
        Process browser = run.start();
        // The line holds still (one a minute) until the browser has joined behind the fifty, then moves at 300 a minute:
        // the page sees its position fall however long the browser took to start on a loaded machine.
        String sequenceId = experience.at("/sequences/0/id").stringValue();
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            JsonNode counts = http.get().uri("/api/v1/sequences/" + sequenceId + "/metrics")
                    .header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            return counts.get("waiting").asInt() + counts.get("admitted").asInt() >= 51;
        });
        http.put().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("admitRate", 300))
                .exchange().expectStatus().isOk().expectBody();
        boolean finished = browser.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("the browser run finished").isTrue();
        String output = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println("browser-tests (hosted page): " + output);
        JsonNode result = JSON.readTree(output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        JsonNode waiting = result.get("waiting");
        assertThat(waiting.get("ok").asBoolean()).as("waiting page: %s", waiting).isTrue();
        List<Integer> positions = new java.util.ArrayList<>();
        waiting.get("positions").forEach(position -> positions.add(position.asInt()));
        assertThat(positions).as("the positions the page showed").hasSizeGreaterThanOrEqualTo(3);
        assertThat(positions.get(positions.size() - 1)).isLessThan(positions.get(0));
        assertThat(waiting.get("afterReload").asInt()).as("resumed, not joined again").isLessThanOrEqualTo(positions.get(0));
        assertThat(waiting.get("finalUrl").stringValue()).startsWith(checkoutOrigin + "/checkout?order=42&admissionGrant=")
                .contains("queueId=" + queueId);
        assertThat(waiting.get("csp").stringValue()).contains("default-src 'none'").contains("connect-src 'self'");
        JsonNode accessibility = waiting.get("accessibility");
        assertThat(accessibility.get("unlabelled")).as("controls without a name").isEmpty();
        assertThat(accessibility.get("liveRegions").asInt()).isPositive();
        assertThat(accessibility.get("positionLive").stringValue()).isEqualTo("polite");
        assertThat(accessibility.get("lang").stringValue()).isEqualTo("en");
        assertThat(accessibility.get("reducedMotion").asBoolean()).isTrue();
        assertThat(accessibility.get("progressTransition").stringValue()).isEqualTo("0s");
        assertThat(waiting.get("firstTabStop").stringValue()).isEqualTo("leave");
        assertThat(waiting.get("console").toString()).doesNotContain("Content Security Policy");
        JsonNode operator = result.get("operator");
        assertThat(operator.get("ok").asBoolean()).as("operator page: %s", operator).isTrue();
        assertThat(operator.at("/counts/admitted").stringValue()).matches("\\d+");
        assertThat(Integer.parseInt(operator.at("/counts/admitted").stringValue())).isGreaterThanOrEqualTo(51);
        assertThat(operator.at("/counts/waiting").stringValue()).isEqualTo("0");
        assertThat(operator.at("/counts/completed").stringValue()).isEqualTo("0");
        assertThat(operator.at("/counts/rate").stringValue()).contains("/min");
        assertThat(operator.at("/counts/clear").stringValue()).isEqualTo("clear");
        assertThat(operator.at("/accessibility/unlabelled").asInt()).isZero();
        assertThat(operator.at("/accessibility/liveRegions").asInt()).isPositive();
        assertThat(operator.get("pausedStatus").stringValue()).isEqualTo("Paused");
        // Paused for real: the cap is at what was admitted, and a shopper who joins now is not admitted.
        JsonNode paused = http.get().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(paused.get("maxAdmissions").asInt()).isEqualTo(Integer.parseInt(operator.at("/counts/admitted").stringValue()));
        String late = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").stringValue();
        http.post().uri("/api/v1/queues/" + queueId + "/enter").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + late).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("QUEUED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> http.get()
                .uri("/api/v1/queues/" + queueId + "/status").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + late).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("QUEUED"));
        assertThat(browser.exitValue()).isZero();
        assertThat(screenshots.resolve("operator-page.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("waiting-page.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("checkout.png")).isNotEmptyFile();
    }

    /** As any client should: a 503 or 429 (cold services, a burst) is tried again a little later. */
    private static Retry busy() {
        return Retry.backoff(8, Duration.ofMillis(300)).maxBackoff(Duration.ofSeconds(2))
                .filter(failure -> failure instanceof WebClientResponseException response
                        && (response.getStatusCode().value() == 503 || response.getStatusCode().value() == 429));
    }

    private static DisposableServer pageServer(byte[] page) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/consumer.html", (request, response) -> response
                        .header("Content-Type", "text/html; charset=utf-8")
                        .sendByteArray(Mono.just(page)).then()))
                .bindNow();
    }

    /** The repository's {@code browser-tests/}, found from the module's directory upwards. */
    private static Path browserTestsDirectory() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("browser-tests/package.json"))) {
                return directory.resolve("browser-tests");
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("browser-tests/ not found above " + Path.of("").toAbsolutePath());
    }
}

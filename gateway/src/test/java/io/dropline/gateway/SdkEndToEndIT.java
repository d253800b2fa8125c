package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.gateway.auth.ConsumerPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14 points 5 and 6, and issue 15 point 6's dashboard and alerts, against the whole mesh (the gateway here, the
 * five services as real processes):
 * <ul>
 *   <li>the gateway serves the four OpenAPI documents and Swagger UI without a key, and the documents list exactly
 *       the public routes of the live route tables (each service's handler mappings as its springdoc document
 *       reports them, the gateway's own {@link RequestMappingHandlerMapping}), each on its surface by the gateway's
 *       rules, every one routed by the gateway, and nothing internal (docs/adr/0018);</li>
 *   <li>the TypeScript SDKs' tests ({@code npm test} in {@code sdk/}) pass against it;</li>
 *   <li>every metric the Grafana dashboard and the Prometheus alert rules read ({@code k8s/components/monitoring}) is
 *       in a live {@code /actuator/prometheus} of one of the six processes (docs/observability.md).</li>
 * </ul>
 * Needs {@code node} and {@code sdk/dist} ({@code .ci/run} runs {@code npm ci} and {@code npm run build} there);
 * without them the SDK test is skipped, or fails under {@code TEST_INFRA=require}.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SURFACES = List.of("admin", "consumer", "spotlight-admin", "spotlight-sdk");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** Metrics Prometheus itself and kube-state-metrics provide, not the mesh. */
    private static final Set<String> EXTERNAL_METRICS = Set.of("up", "kube_pod_status_ready");

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right");

    static Map<String, ServiceProcess> services = new TreeMap<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String namespace = TestInfra.freshRedisNamespace();
        // One after another: side by side, five JVMs starting at once on a busy machine missed their readiness bound.
        for (String service : GatewayItSupport.SERVICES) {
            // experiences-service starts first: consumer-service reads active participations from it (/consumers/me),
            // commerce-service its grants.
            List<String> settings = switch (service) {
                case "consumer" -> List.of("--dropline.consumer.experiences.base-url=" + services.get("experiences").baseUrl());
                case "commerce" -> List.of("--dropline.commerce.experiences.base-url=" + services.get("experiences").baseUrl());
                default -> List.of();
            };
            services.put(service, ServiceProcess.start(service + "-service", TestInfra.freshDatabase(service), namespace,
                    TestInfra.redis(), settings));
        }
        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> services.get(service).baseUrl()));
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServices() {
        services.values().forEach(ServiceProcess::close);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int gatewayPort;

    @org.springframework.beans.factory.annotation.Value("${local.management.port}")
    int managementPort;

    @Test
    void theDocumentsListEveryPublicRouteOfTheMeshOnItsSurfaceAndNothingInternal() throws IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String surface : SURFACES) {
            String text = documents().get().uri("/openapi/" + surface + ".json").exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(text).as(surface).doesNotContain(InternalContext.HEADER).doesNotContain("InternalContext");
            JsonNode document = JSON.readTree(text);
            assertThat(document.get("openapi").stringValue()).isEqualTo("3.1.0");
            assertThat(document.at("/components/securitySchemes").size()).as(surface + " security schemes").isPositive();
            Set<String> operations = new TreeSet<>();
            document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
                String route = operation.getKey().toUpperCase() + " " + path.getKey();
                operations.add(route);
                JsonNode op = operation.getValue();
                assertThat(op.get("security").size()).as(route + " security").isPositive();
                assertThat(op.at("/responses/401").isMissingNode()).as(route + " documents 401").isFalse();
                assertThat(op.at("/responses/429").isMissingNode()).as(route + " documents 429").isFalse();
                op.path("parameters").forEach(parameter -> assertThat(parameter.get("name").stringValue())
                        .as(route + " parameters").isNotIn("context", InternalContext.HEADER));
            }));
            documented.put(surface, operations);
        }
        String apiError = documents().get().uri("/openapi/admin.json").exchange().expectBody(JsonNode.class).returnResult()
                .getResponseBody().at("/components/schemas/ApiError/properties/requestId/type").stringValue();
        assertThat(apiError).isEqualTo("string");

        Set<String> live = liveRoutes();
        System.out.println("API documents: " + documented.entrySet().stream()
                .map(surface -> surface.getKey() + " " + surface.getValue().size()).collect(Collectors.joining(", "))
                + " operations; live public routes: " + live.size());

        Set<String> allDocumented = documented.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        assertThat(allDocumented).as("documented routes that no service or the gateway serves").isSubsetOf(live);
        assertThat(live).as("public routes missing from the documents").isSubsetOf(allDocumented);
        assertThat(allDocumented).as("internal or non-API routes in the documents")
                .allMatch(route -> path(route).startsWith("/api/v1/") || path(route).startsWith("/v1/admin/")
                        || path(route).startsWith("/v1/sdk/"));

        for (String route : live) {
            String path = path(route);
            if (path.startsWith("/v1/admin/")) {
                assertThat(documented.get("spotlight-admin")).as("Spotlight admin route").contains(route);
            } else if (path.startsWith("/v1/sdk/")) {
                assertThat(documented.get("spotlight-sdk")).as("Spotlight SDK route").contains(route);
            } else if (ConsumerPaths.isConsumerPath(HttpMethod.valueOf(method(route)), sample(path))) {
                assertThat(documented.get("consumer")).as("a route a publishable key may call").contains(route);
            } else {
                assertThat(documented.get("admin")).as("a route only a secret key may call").contains(route);
            }
        }
        assertThat(documented.get("consumer")).as("the Consumer document holds only what a publishable key may call")
                .allMatch(route -> ConsumerPaths.isConsumerPath(HttpMethod.valueOf(method(route)), sample(path(route))));
        assertThat(documented.get("admin")).as("the Admin document: /api/v1, and of the consumer paths only shared reads")
                .allMatch(route -> path(route).startsWith("/api/v1/")
                        && (!ConsumerPaths.isConsumerPath(HttpMethod.valueOf(method(route)), sample(path(route)))
                        || method(route).equals("GET")));

        // Every documented service route is routed by the gateway (its Path predicates), or served by the gateway.
        Set<String> gatewayOwn = gatewayRoutes();
        List<PathPattern> routed = routedPatterns();
        assertThat(allDocumented.stream().filter(route -> !gatewayOwn.contains(route)))
                .as("documented routes the gateway does not route")
                .allMatch(route -> routed.stream().anyMatch(pattern -> pattern.matches(PathContainer.parsePath(sample(path(route))))));

        // The browsable UI, from the gateway itself (no CDN), under a CSP that allows only that.
        http.get().uri("/openapi/").exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self';.*")
                .expectBody(String.class).value(html -> assertThat(html).contains("/openapi/assets/swagger-ui-bundle.js"));
        http.get().uri("/openapi/assets/swagger-ui-bundle.js").exchange().expectStatus().isOk();
        http.get().uri("/openapi/nope.json").exchange().expectStatus().isNotFound();
    }

    @Test
    void theSdkTestsPassAgainstTheMesh() throws Exception {
        Path sdk = repositoryDirectory("sdk");
        boolean ready = Files.isRegularFile(sdk.resolve("dist/admin.js")) && Files.isRegularFile(sdk.resolve("dist/consumer.js"));
        String why = "sdk/dist is needed (cd sdk && npm ci && npm run build; .ci/run does it)";
        if ("require".equals(System.getenv("TEST_INFRA"))) {
            assertThat(ready).as(why).isTrue();
        }
        Assumptions.assumeTrue(ready, why);
        Tenants.Tenant shop = Tenants.create(context, "sdk-e2e");

        Path output = Path.of("target", "sdk-tests.txt").toAbsolutePath();
        Files.createDirectories(output.getParent());
        ProcessBuilder run = new ProcessBuilder("npm", "test", "--silent").directory(sdk.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        run.environment().put("DROPLINE_BASE_URL", "http://127.0.0.1:" + gatewayPort);
        run.environment().put("DROPLINE_SECRET_KEY", shop.liveSecret());
        run.environment().put("DROPLINE_PUBLISHABLE_KEY", shop.livePublishable());
        Process tests = run.start();
        boolean finished = tests.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            tests.destroyForcibly();
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("sdk npm test:\n" + report);
        assertThat(finished).as("npm test finished").isTrue();
        assertThat(tests.exitValue()).as("npm test in sdk/:\n%s", report).isZero();
        assertThat(report).contains("# fail 0");
    }

    /**
     * The consumer SDK's ESM build in the system Chromium: a shop's page on an allowed origin imports it with a plain
     * {@code <script type="module">} and runs guest session, routing, enter, live status over EventSource and the
     * hand-off ({@code sdk/browser-check/}). Screenshot: {@code target/browser-screenshots/sdk-consumer.png}.
     */
    @Test
    void theConsumerSdkRunsInARealBrowser() throws Exception {
        Path sdk = repositoryDirectory("sdk");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        boolean ready = Files.isRegularFile(sdk.resolve("dist/consumer.js")) && Files.isExecutable(chromium)
                && Files.isDirectory(sdk.resolve("node_modules/playwright-core"));
        String why = "Chromium, sdk/node_modules and sdk/dist are needed (.ci/run installs and builds them)";
        if ("require".equals(System.getenv("TEST_INFRA"))) {
            assertThat(ready).as(why).isTrue();
        }
        Assumptions.assumeTrue(ready, why);
        Tenants.Tenant shop = Tenants.create(context, "sdk-browser");
        Path screenshots = Path.of("target", "browser-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path output = screenshots.resolve("sdk-consumer.json");
        ProcessBuilder run = new ProcessBuilder("node", "browser-check/run.mjs").directory(sdk.toFile())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        run.environment().put("DROPLINE_BASE_URL", "http://127.0.0.1:" + gatewayPort);
        run.environment().put("DROPLINE_SECRET_KEY", shop.liveSecret());
        run.environment().put("DROPLINE_PUBLISHABLE_KEY", shop.livePublishable());
        run.environment().put("CHROMIUM", chromium.toString());
        run.environment().put("SCREENSHOT_DIR", screenshots.toString());
        Process browser = run.start();
        boolean finished = browser.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("sdk browser check: " + report);
        assertThat(finished).as("the browser run finished").isTrue();
        JsonNode result = JSON.readTree(report.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(result.get("passed").asBoolean()).as(report).isTrue();
        assertThat(result.at("/result/modes").toString()).contains("stream");
        assertThat(browser.exitValue()).isZero();
        assertThat(screenshots.resolve("sdk-consumer.png")).isNotEmptyFile();
    }

    /**
     * The dashboard and the alerts read only metrics the mesh exports: after a small journey (a queue joined, so the
     * queue engine tags it), every metric name in the dashboard's queries and the rules' expressions is in a live scrape
     * of the gateway (management port) or one of the five services, except {@link #EXTERNAL_METRICS}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theDashboardAndTheAlertsReadOnlyMetricsTheMeshExports() throws IOException {
        Tenants.Tenant shop = Tenants.create(context, "metrics-e2e");
        String queue = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Metrics drop", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 1)))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .at("/distributions/0/id").stringValue();
        for (int i = 0; i < 3; i++) {
            String token = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                    .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").stringValue();
            http.post().uri("/api/v1/queues/{id}/enter", queue).header("X-Publishable-Key", shop.livePublishable())
                    .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
        }
        // The engine tags an active queue on its next tick (200 ms); at one admission a minute, two or three still wait.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(services.get("experiences").baseUrl()))
                .containsPattern("dropline_queue_waiting\\{[^}]*distribution=\"" + queue + "\"[^}]*} [123]\\.0")
                .containsPattern("dropline_access_entries_total\\{[^}]*type=\"queue\"[^}]*} [1-9]"));

        Map<String, String> scrapes = new TreeMap<>();
        scrapes.put("gateway", scrape("http://127.0.0.1:" + managementPort));
        services.forEach((name, service) -> scrapes.put(name, scrape(service.baseUrl())));
        // What the dashboard's Dropline panels would show now (the closing note's "queries answered by a live scrape").
        scrapes.forEach((process, text) -> System.out.println(process + ":\n" + text.lines()
                .filter(line -> line.startsWith("dropline_")).collect(Collectors.joining("\n"))));
        Set<String> exported = scrapes.values().stream().flatMap(text -> text.lines())
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));

        Path monitoring = repositoryPath("k8s/components/monitoring");
        Map<String, Set<String>> used = new TreeMap<>();
        JsonNode dashboard = JSON.readTree(Files.readString(monitoring.resolve("dashboards/dropline.json")));
        dashboard.findValues("expr").forEach(expr -> used.computeIfAbsent("dashboard", k -> new TreeSet<>()).addAll(metricNames(expr.stringValue())));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) new Yaml()
                .load(Files.readString(monitoring.resolve("prometheus-rules.yaml")))).get("spec")).get("groups");
        groups.forEach(group -> ((List<Map<String, Object>>) group.get("rules")).forEach(rule -> used
                .computeIfAbsent("alert " + rule.get("alert"), k -> new TreeSet<>()).addAll(metricNames((String) rule.get("expr")))));

        Set<String> all = used.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("Metrics the dashboard and alerts read (" + all.size() + "): " + all);
        assertThat(used.get("dashboard")).as("the dashboard's queries were parsed").contains("dropline_queue_waiting", "dropline_outbox_pending");
        assertThat(used).as("every alert reads a metric").allSatisfy((where, names) -> assertThat(names).as(where).isNotEmpty());
        used.forEach((where, names) -> assertThat(names.stream().filter(name -> !EXTERNAL_METRICS.contains(name)))
                .as(where + ": metrics no process of the mesh exports (exported: " + exported.size() + ")")
                .allMatch(exported::contains));
    }

    /** The metric names a PromQL expression selects: identifiers that are not functions, keywords, labels or numbers. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("(?<![\\w:])\\d+(\\.\\d+)?([eE][-+]?\\d+)?", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (token.find()) {
            if (token.group(2) == null && !PROMQL_WORDS.contains(token.group(1))) {
                names.add(token.group(1));
            }
        }
        return names;
    }

    private String scrape(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private static Path repositoryPath(String relative) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.exists(directory.resolve(relative))) {
                return directory.resolve(relative);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** "METHOD /path" of every public route the services and the gateway serve. */
    private Set<String> liveRoutes() {
        Set<String> routes = new TreeSet<>(gatewayRoutes());
        services.forEach((name, service) -> {
            // An absolute URI: the test client's base (the gateway) would win over a mutated baseUrl.
            JsonNode document = documents().get().uri(URI.create(service.baseUrl() + "/v3/api-docs")).exchange()
                    .expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            document.get("paths").properties().forEach(path -> path.getValue().properties().stream()
                    .filter(operation -> METHODS.contains(operation.getKey()))
                    .forEach(operation -> routes.add(operation.getKey().toUpperCase() + " " + path.getKey())));
        });
        return routes.stream().filter(route -> isPublic(path(route))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The documents are larger than the client's default in-memory limit. */
    private WebTestClient documents() {
        return http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    private Set<String> gatewayRoutes() {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> routes = new TreeSet<>();
        mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition().getPatterns()
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> routes.add(method.name() + " " + pattern.getPatternString()))));
        return routes.stream().filter(route -> isPublic(path(route))).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<PathPattern> routedPatterns() {
        List<PathPattern> patterns = new ArrayList<>();
        context.getBean(RouteDefinitionLocator.class).getRouteDefinitions().collectList().block(Duration.ofSeconds(10))
                .forEach(route -> route.getPredicates().stream().filter(predicate -> predicate.getName().equals("Path"))
                        .flatMap(predicate -> predicate.getArgs().values().stream())
                        .flatMap(value -> Stream.of(value.split(",")))
                        .forEach(pattern -> patterns.add(PathPatternParser.defaultInstance.parse(pattern.strip()))));
        return patterns;
    }

    private static boolean isPublic(String path) {
        return path.startsWith("/api/v1/") || path.startsWith("/v1/admin/") || path.startsWith("/v1/sdk/");
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }

    /** A concrete path for a template: every {variable} becomes one segment. */
    private static String sample(String path) {
        return path.replaceAll("\\{[^}]+}", "x1");
    }

    private static Path repositoryDirectory(String name) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve(name + "/package.json"))) {
                return directory.resolve(name);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(name + "/ not found above " + Path.of("").toAbsolutePath());
    }
}

package io.dropline.gateway;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The mesh most end-to-end tests need, started once per test JVM: real consumer-service and experiences-service
 * processes (consumer-service reading {@code /consumers/me}'s participations from that experiences-service) behind
 * the real gateway, the other services pointed at the echo server, all in one Redis namespace as in a deployment.
 * <p>
 * Each of those tests used to start its own two processes and its own gateway: minutes of CI spent starting the same
 * thing. A test class that extends this, declares nothing else that shapes the application context and has no
 * {@code @DirtiesContext} shares the processes, and through Spring's context cache the gateway too (the property
 * source is this one method, so the cache key is the same). What keeps such tests apart is that each makes its own
 * organizations ({@link Tenants#create}); a test that stops, kills or reconfigures a service starts its own mesh.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedMeshEndToEnd {

    /** Started on first use (the first test class's context), stopped when the test JVM exits. */
    private static final class Mesh {

        static final String NAMESPACE = TestInfra.freshRedisNamespace();
        static final ServiceProcess EXPERIENCES = ServiceProcess.start("experiences-service", TestInfra.freshDatabase("experiences"), NAMESPACE);
        static final ServiceProcess CONSUMERS = ServiceProcess.start("consumer-service", TestInfra.freshDatabase("consumer"), NAMESPACE,
                TestInfra.redis(), List.of("--dropline.consumer.experiences.base-url=" + EXPERIENCES.baseUrl()));
        static final String GATEWAY_DATABASE = TestInfra.freshDatabase("gateway");

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                CONSUMERS.close();
                EXPERIENCES.close();
            }, "shared-mesh-stop"));
        }
    }

    @DynamicPropertySource
    static void sharedMesh(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "gateway", Mesh.GATEWAY_DATABASE, Mesh.NAMESPACE);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "consumer" -> Mesh.CONSUMERS.baseUrl();
                    case "experiences" -> Mesh.EXPERIENCES.baseUrl();
                    default -> echo;
                }));
        registry.add("management.server.port", () -> "0");
    }
}

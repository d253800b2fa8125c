package io.dropline.gateway;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Reactor Netty's number of event loops, read once when its loops are first made. */
    static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        loopPerCore();
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        if (isBootstrap(args)) {
            // The bootstrap CLI runs the migrations and creates a tenant; it must not open the public port.
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setAdditionalProfiles("bootstrap");
            int exitCode;
            try {
                ConfigurableApplicationContext context = application.run(args);
                exitCode = SpringApplication.exit(context);
            } catch (RuntimeException failed) {
                // Spring has already logged why (e.g. the slug exists); the caller only needs a non-zero status.
                exitCode = 1;
            }
            System.exit(exitCode);
        }
        application.run(args);
    }

    /**
     * One event loop per core for the server and the routed calls, unless set otherwise: Reactor Netty makes at least
     * four. On two cores the gateway served the trivial request faster with two (issue 16: interleaved gateway-only
     * rounds, docs/adr/0028), and with a connection pool per loop fewer loops also keep the pools fuller.
     */
    static void loopPerCore() {
        if (System.getProperty(IO_WORKER_COUNT) == null) {
            System.setProperty(IO_WORKER_COUNT, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));
        }
    }

    static boolean isBootstrap(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("bootstrap")
                || arg.startsWith("--dropline.bootstrap.organization-name"));
    }
}

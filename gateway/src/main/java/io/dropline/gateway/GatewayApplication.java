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

    public static void main(String[] args) {
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

    static boolean isBootstrap(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("bootstrap")
                || arg.startsWith("--dropline.bootstrap.organization-name"));
    }
}

package io.dropline.contracts.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real PostgreSQL and Redis for tests, found the same way in every module:
 * <ol>
 *   <li>the servers at {@code DROPLINE_TEST_PG_HOST:PORT} and {@code DROPLINE_TEST_REDIS_HOST:PORT}
 *       (default 127.0.0.1:5432 and 127.0.0.1:6379) when they answer;</li>
 *   <li>otherwise Testcontainers, when a Docker engine exists;</li>
 *   <li>otherwise the test class is skipped, unless {@code TEST_INFRA=require} (CI), which fails it.</li>
 * </ol>
 * {@code TEST_INFRA=containers} forces Testcontainers. Each call to {@link #freshDatabase} creates a new,
 * empty database, and {@link #freshRedisNamespace} a new key prefix, so test classes never see each other.
 */
public final class TestInfra {

    /** The internal-context secret the services' default configuration uses in tests. */
    public static final String INTERNAL_SECRET = "test-internal-secret-0123456789-abcdefghij";

    private static final String MODE = System.getenv().getOrDefault("TEST_INFRA", "auto").toLowerCase(Locale.ROOT);

    private static Endpoint postgres;
    private static Endpoint redis;

    /** A server's address; the user/password apply to PostgreSQL only. */
    public record Endpoint(String host, int port, String user, String password) {
    }

    private TestInfra() {
    }

    /** Why the infrastructure is unavailable, or null when tests can run. */
    static synchronized String unavailableReason() {
        try {
            postgres();
            redis();
            return null;
        } catch (IllegalStateException unavailable) {
            return unavailable.getMessage();
        }
    }

    static boolean required() {
        return "require".equals(MODE);
    }

    public static synchronized Endpoint postgres() {
        if (postgres == null) {
            postgres = locate("PostgreSQL", env("DROPLINE_TEST_PG_HOST", "127.0.0.1"),
                    Integer.parseInt(env("DROPLINE_TEST_PG_PORT", "5432")), env("DROPLINE_TEST_PG_USER", "postgres"),
                    env("DROPLINE_TEST_PG_PASSWORD", ""), TestInfra::startPostgresContainer);
        }
        return postgres;
    }

    public static synchronized Endpoint redis() {
        if (redis == null) {
            redis = locate("Redis", env("DROPLINE_TEST_REDIS_HOST", "127.0.0.1"),
                    Integer.parseInt(env("DROPLINE_TEST_REDIS_PORT", "6379")), null, null, TestInfra::startRedisContainer);
        }
        return redis;
    }

    /** Creates an empty database named after the service and returns its name. */
    public static String freshDatabase(String service) {
        Endpoint pg = postgres();
        String name = ("dltest_" + service.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(jdbcUrl(pg, "postgres"), pg.user(), pg.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not create test database " + name, failed);
        }
        return name;
    }

    /** A Redis key prefix no other test class uses. */
    public static String freshRedisNamespace() {
        return "dlt" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String jdbcUrl(Endpoint pg, String database) {
        return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + database;
    }

    public static String r2dbcUrl(Endpoint pg, String database) {
        return "r2dbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + database;
    }

    /**
     * Points a Spring Boot service at a fresh database (migrated by its own Flyway scripts at start), a fresh
     * Redis namespace and the test internal-context secret. Returns the database name.
     */
    public static String registerService(DynamicPropertyRegistry registry, String service) {
        return registerService(registry, service, freshDatabase(service), freshRedisNamespace());
    }

    /** As {@link #registerService(DynamicPropertyRegistry, String)}, with a database and namespace the test chose. */
    public static String registerService(DynamicPropertyRegistry registry, String service, String database, String namespace) {
        return registerService(registry, database, namespace, postgres(), redis());
    }

    /**
     * As {@link #registerService(DynamicPropertyRegistry, String)}, with PostgreSQL and Redis reached at other
     * addresses, e.g. through a {@link FaultProxy} ({@code proxy.endpoint(TestInfra.postgres())}).
     */
    public static String registerService(DynamicPropertyRegistry registry, String service, Endpoint pg, Endpoint rd) {
        return registerService(registry, freshDatabase(service), freshRedisNamespace(), pg, rd);
    }

    private static String registerService(DynamicPropertyRegistry registry, String database, String namespace,
            Endpoint pg, Endpoint rd) {
        registry.add("spring.r2dbc.url", () -> r2dbcUrl(pg, database));
        registry.add("spring.r2dbc.username", pg::user);
        registry.add("spring.r2dbc.password", pg::password);
        registry.add("spring.flyway.url", () -> jdbcUrl(pg, database));
        registry.add("spring.flyway.user", pg::user);
        registry.add("spring.flyway.password", pg::password);
        registry.add("spring.data.redis.host", rd::host);
        registry.add("spring.data.redis.port", rd::port);
        registry.add("dropline.redis.namespace", () -> namespace);
        registry.add("dropline.web.internal-secret", () -> INTERNAL_SECRET);
        return database;
    }

    private interface ContainerStarter {
        Endpoint start();
    }

    private static Endpoint locate(String what, String host, int port, String user, String password,
            ContainerStarter containers) {
        if (!"containers".equals(MODE) && reachable(host, port)) {
            return new Endpoint(host, port, user, password);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return containers.start();
        }
        throw new IllegalStateException(what + " is not reachable at " + host + ":" + port
                + " and no Docker engine is available for Testcontainers");
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException unreachable) {
            return false;
        }
    }

    @SuppressWarnings("resource") // one container per test JVM, stopped by Testcontainers' reaper
    private static Endpoint startPostgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Endpoint(container.getHost(), container.getFirstMappedPort(), container.getUsername(), container.getPassword());
    }

    @SuppressWarnings("resource")
    private static Endpoint startRedisContainer() {
        GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        container.start();
        return new Endpoint(container.getHost(), container.getMappedPort(6379), null, null);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.dropline.gateway;

import io.dropline.contracts.testsupport.RequiresInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The limiter's Redis accepts connections and never answers: the worst case, a hang rather than a refusal. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
class RedisHangFallbackIT {

    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();
    private static ServerSocket silent;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        silent = startSilentServer();
        registry.add("dropline.gateway.rate-limit.redis-port", silent::getLocalPort);
    }

    @AfterAll
    static void stopSilentServer() throws IOException {
        for (Socket socket : HELD) {
            socket.close();
        }
        silent.close();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Test
    void whenRedisHangsThenLocalBucketsAnswerPromptlyAndStillLimit() {
        RedisFallbackItSupport.assertPromptAndStillLimited(client, context, "redis-hang");
    }

    /** Accepts every connection and holds it open without ever reading or writing a byte. */
    private static ServerSocket startSilentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        HELD.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}

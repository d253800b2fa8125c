package io.dropline.contracts.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A private Redis server of one test class, on its own port, keeping nothing on disk: a test can stop it (its data
 * is lost, as with the machine's Redis) and start it again on the same port, which the shared server on 6379 must
 * never be put through. Needs {@code redis-server} on the path (installed wherever the tests' Redis is).
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path directory;
    private Process process;

    private RedisServerProcess(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Starts a new server on a free port and waits until it answers. */
    public static RedisServerProcess start() {
        try {
            return start(Files.createTempDirectory("redis-test"));
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start a private redis-server", failed);
        }
    }

    /** As {@link #start()}, with its working directory and {@code redis.log} (appended at every start) in {@code directory}. */
    public static RedisServerProcess start(Path directory) {
        RedisServerProcess redis = new RedisServerProcess(ServiceProcess.freePort(), directory);
        redis.launch();
        return redis;
    }

    public int port() {
        return port;
    }

    public TestInfra.Endpoint endpoint() {
        return new TestInfra.Endpoint("127.0.0.1", port, null, null);
    }

    /**
     * Stops the server with SIGKILL ({@code kill -9}: a crash, nothing saved, as {@code shutdown nosave} would
     * lose it too): everything in it is gone.
     */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts it again, empty, on the same port. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException failed) {
            throw new IllegalStateException("redis-server could not be started (is it installed?)", failed);
        }
        Awaitility.await("private Redis on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(this::answersPing);
    }

    /** True when the server answers {@code PING} now (false while it is stopped or not up yet). */
    public boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException unreachable) {
            return false;
        }
    }
}

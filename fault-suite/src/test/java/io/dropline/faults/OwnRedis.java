package io.dropline.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The suite's own redis-server on a free port, never the shared one: {@code --save ""} and no AOF, so a stop and
 * start loses every key, as a Redis without persistence does when it restarts.
 */
final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    OwnRedis(Path workDir) {
        this.port = Ports.free();
        this.log = workDir.resolve("redis.log");
    }

    static String missing() {
        return Binaries.onPath("redis-server") ? null
                : "redis-server is not on the PATH; the fault suite starts its own Redis (apt-get install redis-server)";
    }

    int port() {
        return port;
    }

    synchronized void start() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start redis-server", failed);
        }
        ChildProcesses.track(process);
        await("own Redis answers PING on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(this::ping);
    }

    /** kill -9: nothing is saved. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int read = in.read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException unreachable) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}

package io.dropline.contracts.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy against a tiny echo server: forwards, hangs and resumes, cuts and restores, delays, drops; balances. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket connection = echo.accept();
                    Thread pump = new Thread(() -> {
                        try (connection) {
                            connection.getInputStream().transferTo(connection.getOutputStream());
                        } catch (IOException ended) {
                            // The client went away.
                        }
                    });
                    pump.setDaemon(true);
                    pump.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void whenHangingThenNothingIsForwardedUntilRestored() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'a')).isEqualTo('a');
            proxy.hang();
            client.getOutputStream().write('b');
            client.setSoTimeout(300);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.restore();
            client.setSoTimeout(5_000);
            assertThat(client.getInputStream().read()).isEqualTo('b');
        }
    }

    @Test
    void whenCutThenOpenAndNewConnectionsAreResetUntilRestored() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'a')).isEqualTo('a');
            proxy.cut();
            assertThatThrownBy(() -> roundTrip(client, 'b')).isInstanceOf(IOException.class);
        }
        try (Socket refused = connect()) {
            assertThatThrownBy(() -> roundTrip(refused, 'c')).isInstanceOf(IOException.class);
        }
        proxy.restore();
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'd')).isEqualTo('d');
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
    }

    @Test
    void whenLatencyIsSetThenEachChunkArrivesThatMuchLater() throws IOException {
        proxy.latency(Duration.ofMillis(300));
        try (Socket client = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(client, 'a')).isEqualTo('a');
            // Delayed going up and coming back down.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void whenDroppingAllThenNewConnectionsAreResetUntilRestored() throws IOException {
        proxy.drop(1.0);
        try (Socket dropped = connect()) {
            assertThatThrownBy(() -> roundTrip(dropped, 'a')).isInstanceOf(IOException.class);
        }
        proxy.restore();
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'b')).isEqualTo('b');
        }
    }

    @Test
    void whenSeveralUpstreamsThenConnectionsTakeTurnsAndSkipOneThatRefuses() throws IOException {
        try (ServerSocket one = greeter('1'); ServerSocket two = greeter('2');
                FaultProxy balancer = FaultProxy.roundRobin("balancer", List.of(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), one.getLocalPort()),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), two.getLocalPort())))) {
            assertThat(balancer.name()).isEqualTo("balancer");
            assertThat(List.of(greeting(balancer), greeting(balancer), greeting(balancer), greeting(balancer)))
                    .containsExactly('1', '2', '1', '2');
            two.close();
            assertThat(List.of(greeting(balancer), greeting(balancer))).containsExactly('1', '1');
        }
    }

    /** A server that says {@code hello} to every connection, then closes it. */
    private static ServerSocket greeter(char hello) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connection.getOutputStream().write(hello);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static char greeting(FaultProxy through) throws IOException {
        try (Socket client = new Socket(through.host(), through.port())) {
            client.setSoTimeout(5_000);
            return (char) client.getInputStream().read();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Sends one byte and reads one back; a reset or an end of stream is an IOException. */
    private static int roundTrip(Socket client, char sent) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(sent);
        out.flush();
        InputStream in = client.getInputStream();
        int read = in.read();
        if (read == -1) {
            throw new IOException("Connection closed");
        }
        return read;
    }
}

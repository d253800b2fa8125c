package io.dropline.contracts.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server (PostgreSQL, Redis, a peer service) that a test can break on purpose, the
 * way networks and servers break:
 * <ul>
 *   <li>{@link #cut()}: every open connection is reset (RST) and every new one is reset as soon as it is
 *       accepted, until {@link #restore()}: a server that died and is down;</li>
 *   <li>{@link #hang()}: connections stay open (new ones are accepted too) but nothing is forwarded in either
 *       direction, until {@link #restore()} forwards what was held: a server or network that stopped answering;</li>
 *   <li>{@link #latency(Duration)}: every chunk is forwarded that much later: a slow network or server.</li>
 * </ul>
 * Plain threads (an acceptor, two pumps per connection), so it never runs on, nor blocks, a Reactor thread.
 * Listens on 127.0.0.1 at a free port; {@link #close()} stops it and resets what is still open.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { FORWARD, HANG, CUT }

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final String name;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object state = new Object();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long latencyMillis;
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.name = "fault-proxy-" + PROXIES.incrementAndGet() + "-" + targetPort;
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy forwarding to {@code host:port}, working until told otherwise. */
    public static FaultProxy to(String host, int port) {
        try {
            return new FaultProxy(host, port);
        } catch (IOException failed) {
            throw new IllegalStateException("Could not open a proxy port", failed);
        }
    }

    /** A proxy in front of a test endpoint; {@link #endpoint()} is what the code under test should use. */
    public static FaultProxy to(TestInfra.Endpoint target) {
        return to(target.host(), target.port());
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code target} as seen through this proxy: same credentials, the proxy's address. */
    public TestInfra.Endpoint endpoint(TestInfra.Endpoint target) {
        return new TestInfra.Endpoint(host(), port(), target.user(), target.password());
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    public void cut() {
        setMode(Mode.CUT);
        links.forEach(Link::reset);
    }

    /** Stops forwarding in both directions, connections left open, until {@link #restore()}. */
    public void hang() {
        setMode(Mode.HANG);
    }

    /** Forwards every chunk {@code delay} late from now on ({@link Duration#ZERO} for none). */
    public void latency(Duration delay) {
        latencyMillis = delay.toMillis();
        synchronized (state) {
            state.notifyAll();
        }
    }

    /** Forwards again, without latency; connections held by {@link #hang()} continue where they stopped. */
    public void restore() {
        latencyMillis = 0;
        setMode(Mode.FORWARD);
    }

    /** Client connections currently open through the proxy. */
    public int openConnections() {
        return links.size();
    }

    @Override
    public void close() {
        closed = true;
        setMode(Mode.CUT);
        closeQuietly(server);
        links.forEach(Link::reset);
    }

    private void setMode(Mode next) {
        synchronized (state) {
            mode = next;
            state.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException stopped) {
                return;
            }
            if (mode == Mode.CUT) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
            } catch (IOException targetDown) {
                reset(client);
                closeQuietly(upstream);
                continue;
            }
            Link link = new Link(client, upstream);
            links.add(link);
            if (mode == Mode.CUT) {
                link.reset();
                continue;
            }
            link.start();
        }
    }

    /** One proxied connection: bytes pumped both ways, each by its own thread. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread pump = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int read;
                    while ((read = in.read(buffer)) != -1) {
                        if (!mayForward()) {
                            break;
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (IOException closedOrReset) {
                    // The other pump, a cut or the peer ended the connection.
                }
                close();
            }, name + "-" + direction);
            pump.setDaemon(true);
            pump.start();
        }

        /** Waits while hanging and for the latency; false when the connection must die instead. */
        private boolean mayForward() {
            long forwardAt = System.currentTimeMillis() + latencyMillis;
            synchronized (state) {
                while (true) {
                    if (mode == Mode.CUT || closed) {
                        return false;
                    }
                    long wait = forwardAt - System.currentTimeMillis();
                    if (mode == Mode.FORWARD && wait <= 0) {
                        return true;
                    }
                    try {
                        // Woken by every change of mode: a cut ends the wait at once, a restore resumes it.
                        state.wait(mode == Mode.HANG ? 0 : wait);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }

        void reset() {
            FaultProxy.reset(client);
            FaultProxy.reset(upstream);
            links.remove(this);
        }

        void close() {
            if (mode == Mode.CUT) {
                reset();
                return;
            }
            closeQuietly(client);
            closeQuietly(upstream);
            links.remove(this);
        }
    }

    /** Closes with SO_LINGER 0: the peer gets a TCP reset, as from a host whose server died. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // Nothing left to reset.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is best effort: the socket may be gone already.
        }
    }
}

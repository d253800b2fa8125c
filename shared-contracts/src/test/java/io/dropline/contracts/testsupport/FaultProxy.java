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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server (PostgreSQL, Redis, a peer service) that a test can break on purpose, the
 * way networks and servers break:
 * <ul>
 *   <li>{@link #cut()}: every open connection is reset (RST) and every new one is reset as soon as it is
 *       accepted, until {@link #restore()}: a server that died and is down;</li>
 *   <li>{@link #hang()}: connections stay open (new ones are accepted too) but nothing is forwarded in either
 *       direction, until {@link #restore()} forwards what was held: a server or network that stopped answering;</li>
 *   <li>{@link #latency(Duration)}: every chunk is forwarded that much later: a slow network or server;</li>
 *   <li>{@link #drop(double)}: that share of the new connections is reset on accept, and a quarter of that share
 *       of the chunks on open ones resets their connection: a lossy link, connections dying mid-request.</li>
 * </ul>
 * {@link #restore()} ends all of them. With several upstreams ({@link #roundRobin}) it is also a balancer: each new
 * connection goes to the next upstream, skipping one that refuses (a killed replica), as a Kubernetes Service would.
 * Plain threads (an acceptor, two pumps per connection), so it never runs on, nor blocks, a Reactor thread.
 * Listens on 127.0.0.1 at a free port; {@link #close()} stops it and resets what is still open.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { FORWARD, HANG, CUT }

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final List<InetSocketAddress> upstreams;
    private final AtomicInteger nextUpstream = new AtomicInteger();
    private final ServerSocket server;
    private final String name;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object state = new Object();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long latencyMillis;
    private volatile double dropShare;
    private volatile boolean closed;

    private FaultProxy(String name, List<InetSocketAddress> upstreams) throws IOException {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("A proxy needs an upstream");
        }
        this.upstreams = List.copyOf(upstreams);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.name = name;
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy forwarding to {@code host:port}, working until told otherwise. */
    public static FaultProxy to(String host, int port) {
        return roundRobin("fault-proxy-" + PROXIES.incrementAndGet() + "-" + port,
                List.of(InetSocketAddress.createUnresolved(host, port)));
    }

    /** As {@link #to(String, int)}, named (in its threads' names and {@link #name()}) for logs and reports. */
    public static FaultProxy to(String name, String host, int port) {
        return roundRobin(name, List.of(InetSocketAddress.createUnresolved(host, port)));
    }

    /** A proxy spreading new connections over {@code upstreams} in turn, skipping one that refuses. */
    public static FaultProxy roundRobin(String name, List<InetSocketAddress> upstreams) {
        try {
            return new FaultProxy(name, upstreams);
        } catch (IOException failed) {
            throw new IllegalStateException("Could not open a proxy port", failed);
        }
    }

    /** A proxy in front of a test endpoint; {@link #endpoint()} is what the code under test should use. */
    public static FaultProxy to(TestInfra.Endpoint target) {
        return to(target.host(), target.port());
    }

    public String name() {
        return name;
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

    /**
     * Resets {@code share} (0 to 1) of the new connections on accept and, on open ones, {@code share / 4} of the
     * chunks together with their connection, from now on until {@link #restore()} (0 for none).
     */
    public void drop(double share) {
        dropShare = share;
    }

    /** Forwards again, without latency or drops; connections held by {@link #hang()} continue where they stopped. */
    public void restore() {
        latencyMillis = 0;
        dropShare = 0;
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
                if (closed) {
                    return;
                }
                continue;
            }
            if (mode == Mode.CUT || dropsNow(1)) {
                reset(client);
                continue;
            }
            Socket upstream = connectUpstream();
            if (upstream == null) {
                reset(client);
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

    /** The next upstream in turn that accepts a connection, or null when none does. */
    private Socket connectUpstream() {
        int first = Math.floorMod(nextUpstream.getAndIncrement(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            InetSocketAddress target = upstreams.get((first + i) % upstreams.size());
            Socket upstream = new Socket();
            try {
                upstream.setTcpNoDelay(true);
                upstream.connect(target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort()) : target,
                        2_000);
                return upstream;
            } catch (IOException targetDown) {
                reset(upstream);
            }
        }
        return null;
    }

    /** True for {@code fraction} of the drop share, drawn at random; never without {@link #drop(double)}. */
    private boolean dropsNow(double fraction) {
        double share = dropShare;
        return share > 0 && ThreadLocalRandom.current().nextDouble() < share * fraction;
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
            try {
                client.setTcpNoDelay(true);
            } catch (SocketException ignored) {
                // Best effort: the pumps flush every chunk anyway.
            }
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
                        if (dropsNow(0.25)) {
                            reset();
                            return false;
                        }
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

package io.dropline.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting TCP proxy between one client (a service) and one dependency (Redis, PostgreSQL) or, with several
 * upstreams, a round-robin balancer (the experiences replicas behind one address, as a Kubernetes Service would put
 * them). Faults:
 * <ul>
 *   <li>{@link #cut()}: every open connection is reset (RST) and new ones are reset on accept: the dependency is gone;</li>
 *   <li>{@link #hang()}: connections are accepted but nothing is forwarded any more, in either direction, and no
 *       connection is closed: half-open, the worst case for timeouts;</li>
 *   <li>{@link #latency(long)}: every chunk waits this long before it is forwarded;</li>
 *   <li>{@link #drop(double)}: a share of the new connections, and of the chunks on open ones, are reset
 *       (a lossy link: the connection dies mid-request);</li>
 *   <li>{@link #restore()}: forwarding again; data held during a hang flows on.</li>
 * </ul>
 * Blocking I/O on its own daemon threads, two per connection: a few dozen connections at most.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, LATENCY, DROP, HANG, CUT }

    private final String name;
    private final List<InetSocketAddress> upstreams;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final Object modeChanged = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    private volatile double dropShare;
    private volatile boolean closed;

    FaultProxy(String name, List<InetSocketAddress> upstreams) {
        this.name = name;
        this.upstreams = List.copyOf(upstreams);
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException failed) {
            throw new IllegalStateException("Proxy " + name + " could not listen", failed);
        }
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FaultProxy to(String name, int port) {
        return new FaultProxy(name, List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    String name() {
        return name;
    }

    int port() {
        return server.getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    void cut() {
        setMode(Mode.CUT);
        links.forEach(Link::reset);
    }

    void hang() {
        setMode(Mode.HANG);
    }

    void latency(long millis) {
        latencyMillis = millis;
        setMode(Mode.LATENCY);
    }

    void drop(double share) {
        dropShare = share;
        setMode(Mode.DROP);
    }

    void restore() {
        setMode(Mode.PASS);
    }

    private void setMode(Mode newMode) {
        synchronized (modeChanged) {
            mode = newMode;
            modeChanged.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::reset);
        setMode(Mode.PASS);
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
            Mode now = mode;
            if (now == Mode.CUT || (now == Mode.DROP && ThreadLocalRandom.current().nextDouble() < dropShare)) {
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
            link.start();
        }
    }

    /** Round robin; an upstream that refuses the connection (a killed replica) is skipped. */
    private Socket connectUpstream() {
        int start = Math.floorMod(next.getAndIncrement(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            InetSocketAddress address = upstreams.get((start + i) % upstreams.size());
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(address, 1000);
                return socket;
            } catch (IOException refused) {
                reset(socket);
            }
        }
        return null;
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // not connected
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One proxied connection: a pump each way. */
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
                // best effort
            }
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        if (!await()) {
                            break;
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                    // Orderly end of one direction: pass the FIN on, keep the other direction open.
                    to.shutdownOutput();
                } catch (IOException broken) {
                    reset();
                } finally {
                    if (from.isClosed() || to.isClosed() || (from.isInputShutdown() && to.isOutputShutdown())) {
                        links.remove(this);
                    }
                }
            }, "proxy-" + name + "-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        /** Holds a chunk while the link hangs, delays it under latency; false when the link must die. */
        private boolean await() {
            synchronized (modeChanged) {
                while (true) {
                    Mode now = mode;
                    if (closed || now == Mode.CUT) {
                        reset();
                        return false;
                    }
                    if (now == Mode.HANG) {
                        waitQuietly(0);
                        continue;
                    }
                    if (now == Mode.DROP && ThreadLocalRandom.current().nextDouble() < dropShare / 4) {
                        reset();
                        return false;
                    }
                    if (now == Mode.LATENCY) {
                        long until = System.nanoTime() + latencyMillis * 1_000_000L;
                        long left;
                        while (mode == Mode.LATENCY && (left = until - System.nanoTime()) > 0) {
                            waitQuietly(Math.max(1, left / 1_000_000L));
                        }
                        if (mode != Mode.LATENCY && mode != Mode.PASS) {
                            continue;
                        }
                    }
                    return true;
                }
            }
        }

        private void waitQuietly(long millis) {
            try {
                modeChanged.wait(millis);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void reset() {
            links.remove(this);
            FaultProxy.reset(client);
            FaultProxy.reset(upstream);
        }
    }
}

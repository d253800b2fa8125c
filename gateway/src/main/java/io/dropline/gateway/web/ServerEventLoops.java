package io.dropline.gateway.web;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * The event loops the gateway serves its requests on (the loop resources of Spring's {@link ReactorResourceFactory},
 * on which the server runs: Reactor Netty's global {@link HttpResources} in production, loops of the factory's own in
 * the tests), and which of them runs the current thread. A request is read on one of them; a routed call answers on that same loop
 * when each loop has connections of its own ({@link PerLoop}), so the answer is not handed between threads (issue 16:
 * about a third of the gateway's samples under the trivial request were tasks another thread handed over, writes
 * queued across loops and the wake-ups they cost; {@code docs/adr/0028}).
 */
public final class ServerEventLoops {

    private final EventLoop[] loops;

    ServerEventLoops(EventLoopGroup group) {
        List<EventLoop> found = new ArrayList<>();
        for (EventExecutor executor : group) {
            found.add((EventLoop) executor);
        }
        this.loops = found.toArray(EventLoop[]::new);
    }

    /**
     * The server's loops: those of Spring's resource factory when there is one, otherwise Reactor Netty's global ones,
     * asked for as the server asks ({@code onServer}, native when available).
     */
    static ServerEventLoops of(ReactorResourceFactory resources) {
        LoopResources loops = resources != null ? resources.getLoopResources() : HttpResources.get();
        return new ServerEventLoops(loops.onServer(LoopResources.DEFAULT_NATIVE));
    }

    /** The index of the loop running the calling thread, or -1 when the caller is not one of them. */
    int currentIndex() {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return i;
            }
        }
        return -1;
    }

    /** One value for each loop, made now, and one for callers off the loops. */
    public <T> PerLoop<T> perLoop(Function<EventLoop, T> forLoop, T offLoop) {
        List<T> values = new ArrayList<>(loops.length);
        for (EventLoop loop : loops) {
            values.add(forLoop.apply(loop));
        }
        return new PerLoop<>(this, List.copyOf(values), offLoop);
    }

    /** A value per event loop: the caller's own when it runs on one of the loops, otherwise the shared one. */
    public static final class PerLoop<T> {

        private final ServerEventLoops loops;
        private final List<T> values;
        private final T offLoop;

        private PerLoop(ServerEventLoops loops, List<T> values, T offLoop) {
            this.loops = loops;
            this.values = values;
            this.offLoop = offLoop;
        }

        public T current() {
            int index = loops.currentIndex();
            return index < 0 ? offLoop : values.get(index);
        }
    }
}

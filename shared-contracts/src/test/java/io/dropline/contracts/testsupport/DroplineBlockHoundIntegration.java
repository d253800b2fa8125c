package io.dropline.contracts.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few library calls BlockHound reports that are not I/O and are allowed on event loops in every test JVM.
 * Each names the upstream discussion; nothing of Dropline's own code is allowed here.
 */
public class DroplineBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Lettuce guards a command write with a short ReentrantLock that may park under contention between
        // threads writing to one shared connection; no I/O happens while it is held (redis/lettuce#2510).
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        // Netty 4.2's adaptive buffer allocator takes a magazine's StampedLock while it grows its magazine array,
        // a memory-only critical section (line/armeria#6344 treats it as the same false positive).
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        // The error still fails the chain as before, but the code that catches it usually keeps only its message (a
        // routed request's 503, a logged warning): printed here with its stack, the test's log says where it blocked.
        builder.blockingMethodCallback(method -> {
            BlockingOperationError blocked = new BlockingOperationError(method);
            System.err.println("BlockHound: blocking call on " + Thread.currentThread().getName());
            blocked.printStackTrace();
            throw blocked;
        });
    }
}

package io.dropline.faults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the suite starts, killed by a shutdown hook too, so a failed or interrupted run leaves nothing
 * behind (the normal path closes them in order first).
 */
final class ChildProcesses {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Runnable> CLEANUPS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "fault-suite-cleanup"));
    }

    private ChildProcesses() {
    }

    static void track(Process process) {
        PROCESSES.removeIf(p -> !p.isAlive());
        PROCESSES.add(process);
    }

    static void onExit(Runnable cleanup) {
        CLEANUPS.add(cleanup);
    }

    static void forget(Runnable cleanup) {
        CLEANUPS.remove(cleanup);
    }

    static void killAll() {
        PROCESSES.forEach(Process::destroyForcibly);
        PROCESSES.clear();
        CLEANUPS.forEach(cleanup -> {
            try {
                cleanup.run();
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        });
        CLEANUPS.clear();
    }
}

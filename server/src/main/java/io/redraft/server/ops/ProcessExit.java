package io.redraft.server.ops;

/**
 * Ends the node's process the one way that leaves its files clean: {@code System.exit} runs Main's
 * shutdown hook, which tells systemd the node is stopping and runs {@code RedraftServer.close()}
 * (the whole shutdown sequence: operations listener, node thread, Raft runtime, whose log writer
 * persists what is queued, fsyncs, writes the final metadata and closes the files, then the
 * network). SIGTERM and SIGINT take the same path. Called from the node thread (SHUTDOWN), the exit
 * must run on another thread: the hook waits for the node thread to stop, which it could not while
 * blocked in {@code System.exit}.
 */
public final class ProcessExit {
    private ProcessExit() {}

    public static void exit(int status) {
        Thread t = new Thread(() -> System.exit(status), "redraft-exit");
        t.start();
    }
}

package io.redraft.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the nodes tests start. Asking the kernel for a free one ({@code new ServerSocket(0)})
 * hands out a port of its ephemeral range, which the kernel may give next to any outgoing
 * connection of the same busy test JVM before the node binds it: an OpsListenerTest node once
 * failed with "Address already in use" that way. These come from below that range (32768-60999 on
 * Linux), in turn from a start that differs per process, and are checked bindable.
 */
public final class TestPorts {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final AtomicInteger next = new AtomicInteger((int) (ProcessHandle.current().pid() * 631 % COUNT));

    private TestPorts() {}

    /** A loopback port nothing listens on now, outside the kernel's ephemeral range. */
    public static int free() throws IOException {
        for (int tries = 0; tries < COUNT; tries++) {
            int port = FIRST + Math.floorMod(next.getAndIncrement(), COUNT);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use by someone else: the next one
            }
        }
        throw new IOException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }
}

package io.redraft.server.ops;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's readiness protocol (sd_notify(3)) for {@code Type=notify} units: one datagram to the
 * unix socket named by {@code NOTIFY_SOCKET}. The JDK has no unix datagram sockets, but Netty's
 * native transport, which the node loads anyway for epoll, has; without it (not Linux) nothing is
 * sent and the unit must not be {@code Type=notify}. Without {@code NOTIFY_SOCKET} (not started by
 * systemd) every call does nothing.
 */
public final class SystemdNotify {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private SystemdNotify() {}

    /** The listeners are bound: systemd considers the unit started and starts what waits for it. */
    public static void ready() {
        send(System.getenv("NOTIFY_SOCKET"), "READY=1\nSTATUS=Ready to accept connections\nMAINPID="
                + ProcessHandle.current().pid() + "\n");
    }

    /** Shutting down: systemd shows "deactivating" instead of a node that stopped answering. */
    public static void stopping() {
        send(System.getenv("NOTIFY_SOCKET"), "STOPPING=1\nSTATUS=Shutting down\n");
    }

    /** Sends one message to the socket; returns false (after logging why) if it was not sent. */
    static boolean send(String socket, String message) {
        if (socket == null || socket.isEmpty()) return false;
        if (!Epoll.isAvailable()) {
            log.warn("NOTIFY_SOCKET is set but Netty's native transport is unavailable, so systemd is not told"
                    + " the node is ready: {}", String.valueOf(Epoll.unavailabilityCause()));
            return false;
        }
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        // "@name" is a socket in the abstract namespace, whose address starts with a NUL byte.
        if (path[0] == '@') path[0] = 0;
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        Socket s = Socket.newSocketDomainDgram();
        try {
            s.sendToDomainSocket(buf, 0, bytes.length, path);
            return true;
        } catch (IOException e) {
            log.warn("Could not notify systemd through {}: {}", socket, e.getMessage());
            return false;
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing was held but the descriptor
            }
        }
    }
}

package io.redraft.server.acl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Redis 7.0's protected mode: while {@code protected-mode} is yes and the default user has no
 * password, only local clients are served; others get the DENIED error and are disconnected.
 * Local means a loopback source (Redis's connIsLocal) or, beyond Redis, a connection whose two
 * ends have the same address: this machine talking to itself through one of its own interfaces,
 * as the nodes of a cluster on one host do when {@code raft.addr} names a non-loopback address.
 */
public final class ProtectedMode {
    static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled and no"
            + " password is set for the default user. In this mode connections are only accepted from the loopback"
            + " interface. If you want to connect from external computers to Redis you may adopt one of the following"
            + " solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the"
            + " loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE"
            + " Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change"
            + " permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration"
            + " file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started"
            + " the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an"
            + " authentication password for the default user. NOTE: You only need to do one of the above things in"
            + " order for the server to start accepting connections from the outside.";

    private ProtectedMode() {}

    /** The error a new connection gets (without '-'), or null when it is served. */
    public static String denial(boolean protectedMode, boolean defaultNopass, SocketAddress remote, SocketAddress local) {
        if (!protectedMode || !defaultNopass) return null;
        return isLocal(remote, local) ? null : DENIED;
    }

    static boolean isLocal(SocketAddress remote, SocketAddress local) {
        if (!(remote instanceof InetSocketAddress r)) return true; // a Unix socket, an embedded channel
        InetAddress ra = r.getAddress();
        if (ra == null || ra.isLoopbackAddress()) return true;
        return local instanceof InetSocketAddress l && ra.equals(l.getAddress());
    }
}

package io.redraft.server.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The address RedisRaft advertises when raft.addr is not set: the first non-loopback interface's. */
final class LocalAddress {
    private LocalAddress() {}

    static Optional<String> firstNonLoopback() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                nif.inetAddresses().filter(a -> !a.isLoopbackAddress()).forEach(candidates::add);
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        // IPv4 first: other nodes can always dial it as host:port without brackets.
        return candidates.stream().filter(a -> a instanceof Inet4Address).findFirst()
                .or(() -> candidates.stream().findFirst())
                .map(InetAddress::getHostAddress);
    }
}

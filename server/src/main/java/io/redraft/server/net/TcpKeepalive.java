package io.redraft.server.net;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;

/**
 * {@code tcp-keepalive} on an accepted client connection, as Redis's anetKeepAlive sets it when
 * the connection is accepted (so CONFIG SET applies to later connections): 0 turns keepalive
 * off; N sends the first probe after N idle seconds, then every N/3 seconds, 3 probes.
 */
final class TcpKeepalive {
    private TcpKeepalive() {}

    static void apply(SocketChannel ch, long seconds) {
        ch.config().setOption(ChannelOption.SO_KEEPALIVE, seconds > 0);
        if (seconds <= 0) return;
        int idle = (int) Math.min(seconds, Integer.MAX_VALUE);
        int interval = Math.max(1, idle / 3);
        try {
            if (ch instanceof EpollSocketChannel) {
                ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, idle);
                ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, interval);
                ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, 3);
            } else {
                ch.config().setOption(NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE), idle);
                ch.config().setOption(NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
                ch.config().setOption(NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT), 3);
            }
        } catch (RuntimeException | LinkageError notOnThisPlatform) {
            // SO_KEEPALIVE alone then, with the system's timings (Redis does the same off Linux).
        }
    }
}

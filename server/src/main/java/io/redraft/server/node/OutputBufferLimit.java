package io.redraft.server.node;

import io.netty.channel.ChannelOutboundBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis's {@code client-output-buffer-limit} for the {@code normal} class (every client here:
 * there is no pub/sub and no replica link). A connection goes on being read while its replies
 * wait unread, as in Redis, so a client that writes its whole pipeline before it reads cannot
 * deadlock itself; the replies it has not read yet are what this limit bounds. Over the hard
 * limit, or over the soft limit for more than its seconds, the client is closed at once and its
 * unsent replies dropped. 0 is no limit, Redis's default for normal clients.
 */
record OutputBufferLimit(long hard, long soft, long softSeconds) {
    static OutputBufferLimit of(List<Long> limit) {
        return new OutputBufferLimit(limit.get(0), limit.get(1), limit.get(2));
    }

    boolean none() {
        return hard == 0 && soft == 0;
    }

    /** The smallest of the limits set, Long.MAX_VALUE when none is. */
    long smallest() {
        long m = Long.MAX_VALUE;
        if (hard > 0) m = hard;
        if (soft > 0) m = Math.min(m, soft);
        return m;
    }

    /**
     * Whether {@code s} is over the limit now. As in Redis, the first time the soft limit is seen
     * exceeded only starts its clock, and falling under it stops the clock.
     */
    boolean exceeded(ClientSession s, long nowNanos) {
        long used = pendingBytes(s);
        if (hard > 0 && used >= hard) return true;
        if (soft == 0 || used < soft) {
            s.softLimitSinceNanos = 0;
            return false;
        }
        if (s.softLimitSinceNanos == 0) {
            s.softLimitSinceNanos = nowNanos;
            return false;
        }
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - s.softLimitSinceNanos) > softSeconds;
    }

    /**
     * Reply bytes of {@code s} not yet handed to the socket (CLIENT LIST's {@code omem}): those
     * rendered in this node turn plus what the connection's outbound buffer holds. A write queued
     * from another event loop counts from the moment it is queued (Netty adds it then).
     */
    static long pendingBytes(ClientSession s) {
        ChannelOutboundBuffer b = s.channel.unsafe().outboundBuffer();
        long n = b == null ? 0 : b.totalPendingWriteBytes();
        return s.out == null ? n : n + s.out.readableBytes();
    }
}

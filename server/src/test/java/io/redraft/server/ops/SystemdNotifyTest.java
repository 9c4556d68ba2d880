package io.redraft.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readiness datagram arrives on a unix datagram socket, as systemd's NOTIFY_SOCKET receives it. */
class SystemdNotifyTest {
    @Test
    void sendsTheMessageToTheSocket(@TempDir Path dir) throws Exception {
        assumeTrue(Epoll.isAvailable(), "Netty's native transport is unavailable here");
        Path path = dir.resolve("notify");
        Socket receiver = Socket.newSocketDomainDgram();
        try {
            receiver.bind(new DomainSocketAddress(path.toFile()));
            assertThat(SystemdNotify.send(path.toString(), "READY=1\nSTATUS=x\n")).isTrue();
            ByteBuffer buf = ByteBuffer.allocateDirect(1024);
            var from = receiver.recvFromDomainSocket(buf, 0, buf.capacity());
            assertThat(from).isNotNull();
            byte[] got = new byte[from.receivedAmount()];
            buf.get(0, got);
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("READY=1\nSTATUS=x\n");
        } finally {
            receiver.close();
        }
    }

    @Test
    void withoutASocketNothingIsSent() {
        assertThat(SystemdNotify.send(null, "READY=1\n")).isFalse();
        assertThat(SystemdNotify.send("", "READY=1\n")).isFalse();
    }

    @Test
    void aMissingSocketIsReportedNotThrown(@TempDir Path dir) {
        assumeTrue(Epoll.isAvailable(), "Netty's native transport is unavailable here");
        assertThat(SystemdNotify.send(dir.resolve("none").toString(), "READY=1\n")).isFalse();
    }
}

package io.redraft.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.redraft.resp.RequestDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A large command written in pieces is the same RESP command, byte for byte. */
class ChunkedCommandTest {
    @Test
    void aLargeCommandWrittenInPiecesDecodesToTheSameArguments() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        byte[][] argv = {"RAFT.AE".getBytes(StandardCharsets.US_ASCII), "2".getBytes(StandardCharsets.US_ASCII), big, new byte[0]};
        AtomicLong written = new AtomicLong();
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkedWriteHandler());
        ch.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)), ch.voidPromise());
        ch.writeAndFlush(new ChunkedCommand(argv, written));
        ch.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)), ch.voidPromise());
        ch.checkException();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; pieces++) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.write(bytes);
        }
        assertThat(pieces).isGreaterThan(10);
        assertThat(written.get()).isEqualTo(out.size() - 28);
        ByteBuffer all = ByteBuffer.wrap(out.toByteArray());
        RequestDecoder d = new RequestDecoder();
        assertThat(d.next(all)[0]).isEqualTo("PING".getBytes(StandardCharsets.US_ASCII));
        byte[][] decoded = d.next(all);
        assertThat(d.next(all)[0]).isEqualTo("PING".getBytes(StandardCharsets.US_ASCII));
        assertThat(decoded.length).isEqualTo(4);
        assertThat(decoded[0]).isEqualTo(argv[0]);
        assertThat(decoded[2]).isEqualTo(big);
        assertThat(decoded[3]).isEmpty();
    }
}

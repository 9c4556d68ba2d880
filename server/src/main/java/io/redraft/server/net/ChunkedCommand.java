package io.redraft.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One RESP command written in pieces of {@value #PIECE} bytes as the socket takes them
 * ({@code ChunkedWriteHandler} asks for the next piece while the channel is writable). A peer's
 * AppendEntries carrying a 512 MB entry was copied whole into one direct buffer per follower: a
 * gigabyte of direct memory for two followers, zeroed on allocation, and with resends the node
 * thread spent seconds in the JDK's direct-memory reservation, collecting and sleeping (#24).
 * Now at most a piece per connection is copied at a time, from the arguments themselves.
 */
final class ChunkedCommand implements ChunkedInput<ByteBuf> {
    /** Commands from this size on are written in pieces. */
    static final long LARGE = 1 << 20;
    private static final int PIECE = 256 * 1024;

    /** The command as consecutive byte ranges: headers, arguments, line ends. */
    private final List<byte[]> parts = new ArrayList<>();
    private final long length;
    private final AtomicLong written;
    private int part;
    private int offset;
    private long progress;

    ChunkedCommand(byte[][] argv, AtomicLong written) {
        this.written = written;
        parts.add(ascii("*" + argv.length + "\r\n"));
        byte[] crlf = {'\r', '\n'};
        for (byte[] a : argv) {
            parts.add(ascii("$" + a.length + "\r\n"));
            parts.add(a);
            parts.add(crlf);
        }
        long n = 0;
        for (byte[] p : parts) n += p.length;
        this.length = n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean isEndOfInput() {
        return progress == length;
    }

    @Override
    public void close() {
        // nothing held but references to the caller's arrays
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) {
        if (isEndOfInput()) return null;
        int size = (int) Math.min(PIECE, length - progress);
        ByteBuf buf = alloc.directBuffer(size);
        while (buf.isWritable()) {
            byte[] p = parts.get(part);
            int n = Math.min(p.length - offset, buf.writableBytes());
            buf.writeBytes(p, offset, n);
            offset += n;
            if (offset == p.length) {
                part++;
                offset = 0;
            }
        }
        progress += size;
        written.addAndGet(size);
        return buf;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }
}

package io.redraft.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the RESP2 replies a peer sends back on an outgoing connection: status → String,
 * error → {@link RespError}, integer → Long, bulk → byte[] (null for nil), array → List (null
 * for nil). Peers are trusted less than nothing: sizes are bounded.
 */
public final class ReplyDecoder extends ByteToMessageDecoder {
    private static final Object INCOMPLETE = new Object();
    private static final int MAX_BULK = 512 * 1024 * 1024;
    private static final int MAX_ELEMENTS = 1024 * 1024;

    /** An error reply, e.g. {@code NOCLUSTER No Raft Cluster}. */
    public record RespError(String message) {}

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            Object v = parse(in, 0);
            if (v == INCOMPLETE) {
                in.readerIndex(start);
                return;
            }
            out.add(v == null ? Nil.NIL : v);
        }
    }

    /** Stands in for a nil reply, since Netty cannot pass null down the pipeline. */
    public enum Nil { NIL }

    /**
     * Whether a decoded reply (at nesting {@code depth}) has only shapes a relay can write to its
     * own client: nils, simple strings, integers, bulk strings, errors, and arrays of them at most
     * 16 deep.
     */
    public static boolean relayable(Object r, int depth) {
        if (depth > 16) return false;
        if (r instanceof List<?> l) {
            for (Object o : l) if (!relayable(o, depth + 1)) return false;
            return true;
        }
        return r == null || r instanceof String || r instanceof Long || r instanceof byte[]
                || r instanceof RespError || r instanceof Nil;
    }

    private static Object parse(ByteBuf in, int depth) {
        if (depth > 32) throw new DecoderException("reply nested too deep");
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > 64 * 1024) throw new DecoderException("reply line too long");
            return INCOMPLETE;
        }
        byte type = in.readByte();
        String line = in.toString(in.readerIndex(), eol - 1 - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(eol + 1);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                if (n > MAX_BULK) throw new DecoderException("bulk reply too large");
                if (in.readableBytes() < n + 2) return INCOMPLETE;
                byte[] b = new byte[n];
                in.readBytes(b);
                in.skipBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                if (n > MAX_ELEMENTS) throw new DecoderException("array reply too large");
                List<Object> list = new ArrayList<>(Math.min(n, 64));
                for (int i = 0; i < n; i++) {
                    Object v = parse(in, depth + 1);
                    if (v == INCOMPLETE) return INCOMPLETE;
                    list.add(v);
                }
                return list;
            }
            default:
                throw new DecoderException("unexpected reply type " + (char) type);
        }
    }
}

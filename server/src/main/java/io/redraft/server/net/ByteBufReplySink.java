package io.redraft.server.net;

import io.netty.buffer.ByteBuf;
import io.redraft.resp.ReplySink;
import java.nio.charset.StandardCharsets;

/**
 * Renders replies into a connection's outgoing buffer in RESP2 or RESP3. The node thread writes
 * a whole batch of replies here and flushes the buffer once per batch.
 */
public final class ByteBufReplySink implements ReplySink {
    private static final byte[] CRLF = {'\r', '\n'};

    private ByteBuf out;
    private int protocol = 2;

    public void target(ByteBuf out) {
        this.out = out;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void status(String s) {
        line('+', s);
    }

    @Override
    public void error(String s) {
        // As Redis's addReplyErrorLength: an error must stay one line.
        line('-', s.replace('\r', ' ').replace('\n', ' '));
    }

    @Override
    public void integer(long v) {
        line(':', Long.toString(v));
    }

    @Override
    public void bulk(byte[] b) {
        line('$', Integer.toString(b.length));
        out.writeBytes(b);
        out.writeBytes(CRLF);
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? "_\r\n".getBytes(StandardCharsets.US_ASCII) : "$-1\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 3 ? "_\r\n".getBytes(StandardCharsets.US_ASCII) : "*-1\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void arrayHeader(int n) {
        line('*', Integer.toString(n));
    }

    @Override
    public void mapHeader(int n) {
        if (protocol == 3) line('%', Integer.toString(n));
        else line('*', Integer.toString(2 * n));
    }

    @Override
    public void setHeader(int n) {
        line(protocol == 3 ? '~' : '*', Integer.toString(n));
    }

    @Override
    public void doubleValue(double d) {
        String s;
        if (Double.isInfinite(d)) s = d > 0 ? "inf" : "-inf";
        else if (Double.isNaN(d)) s = "nan";
        else if (d == Math.rint(d) && Math.abs(d) < 1e17) s = Long.toString((long) d);
        else s = Double.toString(d);
        if (protocol == 3) line(',', s);
        else bulk(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void bool(boolean b) {
        if (protocol == 3) line('#', b ? "t" : "f");
        else integer(b ? 1 : 0);
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol != 3) {
            bulk(text);
            return;
        }
        line('=', Integer.toString(text.length + 4));
        out.writeCharSequence(format, StandardCharsets.US_ASCII);
        out.writeByte(':');
        out.writeBytes(text);
        out.writeBytes(CRLF);
    }

    private void line(char type, String s) {
        out.writeByte(type);
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }
}

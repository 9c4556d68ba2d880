package io.redraft.resp;

import java.nio.charset.StandardCharsets;

/**
 * Renders replies as RESP2 or RESP3 bytes, following Redis 7.0's {@code networking.c}:
 * in RESP2 maps are flattened, sets become arrays, doubles become bulk strings
 * ({@code %.17g}), booleans become integers and both nulls keep their distinct forms
 * ({@code $-1}, {@code *-1}); RESP3 uses the native types and {@code _} for every null.
 */
public final class RespWriter implements ReplySink {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private OutputBuffer out;
    private int protocol;
    private java.util.function.Consumer<String> errorListener;

    public RespWriter(OutputBuffer out, int protocol) {
        this.out = out;
        setProtocol(protocol);
    }

    /** HELLO switches protocol mid-connection; the writer follows. */
    public void setProtocol(int protocol) {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3: " + protocol);
        }
        this.protocol = protocol;
    }

    /** Lets one writer serve successive buffers (e.g. one Netty ByteBuf per flush). */
    public void setOutput(OutputBuffer out) {
        this.out = out;
    }

    /** Hears every error reply written (its text without the '-'): INFO errorstats counts them. */
    public void setErrorListener(java.util.function.Consumer<String> listener) {
        this.errorListener = listener;
    }

    public OutputBuffer output() {
        return out;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void status(String s) {
        out.writeByte('+');
        writeLine(s);
    }

    @Override
    public void error(String s) {
        if (errorListener != null) errorListener.accept(s);
        out.writeByte('-');
        // As Redis's addReplyErrorFormat: trim CR and LF from both ends (sdstrim), then map the
        // ones inside to spaces so the reply stays one line.
        int from = 0;
        int to = s.length();
        while (from < to && isCrLf(s.charAt(from))) from++;
        while (to > from && isCrLf(s.charAt(to - 1))) to--;
        writeLine(s.substring(from, to).replace('\r', ' ').replace('\n', ' '));
    }

    @Override
    public void integer(long v) {
        out.writeByte(':');
        writeLong(v);
        out.writeBytes(CRLF);
    }

    @Override
    public void bulk(byte[] b) {
        out.writeByte('$');
        writeLong(b.length);
        out.writeBytes(CRLF);
        out.writeBytes(b);
        out.writeBytes(CRLF);
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 2 ? NULL_BULK : NULL3);
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 2 ? NULL_ARRAY : NULL3);
    }

    @Override
    public void arrayHeader(int n) {
        header('*', n);
    }

    @Override
    public void mapHeader(int n) {
        if (protocol == 2) {
            header('*', 2L * n);
        } else {
            header('%', n);
        }
    }

    @Override
    public void setHeader(int n) {
        header(protocol == 2 ? '*' : '~', n);
    }

    @Override
    public void pushHeader(int n) {
        header(protocol == 2 ? '*' : '>', n);
    }

    @Override
    public void doubleValue(double d) {
        String s = DoubleFormat.g17(d);
        if (protocol == 2) {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeByte(',');
            writeLine(s);
        }
    }

    @Override
    public void doubleText(String text) {
        if (protocol == 2) {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeByte(',');
            writeLine(text);
        }
    }

    @Override
    public void bool(boolean b) {
        if (protocol == 2) {
            integer(b ? 1 : 0);
        } else {
            out.writeByte('#');
            out.writeByte(b ? 't' : 'f');
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol == 2) {
            bulk(text);
            return;
        }
        byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
        if (fmt.length != 3) {
            throw new IllegalArgumentException("verbatim format must be 3 chars: " + format);
        }
        out.writeByte('=');
        writeLong(text.length + 4L);
        out.writeBytes(CRLF);
        out.writeBytes(fmt);
        out.writeByte(':');
        out.writeBytes(text);
        out.writeBytes(CRLF);
    }

    private void header(char type, long n) {
        out.writeByte(type);
        writeLong(n);
        out.writeBytes(CRLF);
    }

    /**
     * Status and error text is written one byte per char when it fits Latin-1, so errors that
     * quote binary arguments (decoded as ISO-8859-1 by the store) reproduce the client's bytes.
     */
    private void writeLine(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) <= 0xFF;
        }
        out.writeBytes(s.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        out.writeBytes(CRLF);
    }

    private final byte[] digits = new byte[20];

    private void writeLong(long v) {
        if (v >= 0 && v < 10) {
            out.writeByte('0' + (int) v);
            return;
        }
        if (v == Long.MIN_VALUE) {
            out.writeBytes("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        int pos = digits.length;
        while (v > 0) {
            digits[--pos] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        out.writeBytes(digits, pos, digits.length - pos);
    }

    private static boolean isCrLf(char c) {
        return c == '\r' || c == '\n';
    }
}

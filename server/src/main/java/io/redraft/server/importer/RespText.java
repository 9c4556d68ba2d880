package io.redraft.server.importer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A cursor over RedisRaft's RESP-like text files ({@code <log>}, {@code <log>.meta}): arrays
 * {@code *<n>\r\n} of bulk strings {@code $<len>\r\n<bytes>\r\n}. Running out of bytes is a
 * {@link Truncated} (the file ends inside a record: a torn write), anything else malformed an
 * {@link ImportException}; the caller decides what each means where it happens.
 */
final class RespText {
    /** The file ends before the record does. */
    static final class Truncated extends Exception {
        Truncated() {
            super(null, null, false, false);
        }
    }

    final Path file;
    final byte[] buf;
    int pos;

    RespText(Path file, byte[] buf) {
        this.file = file;
        this.buf = buf;
    }

    boolean atEnd() {
        return pos >= buf.length;
    }

    /** {@code <type><decimal>\r\n}, decimal canonical (what RedisRaft's printf writes). */
    long length(char type) throws Truncated, ImportException {
        int start = pos;
        need(1);
        if (buf[pos] != type) throw bad(start, "expected '" + type + "' but found " + describe(buf[pos]));
        pos++;
        long v = decimal(start, '\r');
        need(1);
        if (buf[pos] != '\n') throw bad(start, "expected \\n after the length");
        pos++;
        return v;
    }

    /** A bulk string's bytes. */
    byte[] bulk(String what) throws Truncated, ImportException {
        int start = pos;
        long len = length('$');
        if (len < 0 || len > Integer.MAX_VALUE) throw bad(start, "bad length " + len + " of " + what);
        need(len + 2);
        byte[] b = new byte[(int) len];
        System.arraycopy(buf, pos, b, 0, b.length);
        pos += b.length;
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') throw bad(pos, "expected \\r\\n after " + what);
        pos += 2;
        return b;
    }

    String bulkString(String what) throws Truncated, ImportException {
        return new String(bulk(what), StandardCharsets.ISO_8859_1);
    }

    /** A bulk string holding a canonical signed decimal (printf's %ld). */
    long bulkLong(String what) throws Truncated, ImportException {
        int start = pos;
        byte[] b = bulk(what);
        Long v = parseDecimal(b, true);
        if (v == null) throw bad(start, what + " is not a decimal integer: '" + new String(b, StandardCharsets.ISO_8859_1) + "'");
        return v;
    }

    /** A bulk string holding a canonical unsigned 64-bit decimal (printf's %llu); the 64 bits. */
    long bulkUnsigned(String what) throws Truncated, ImportException {
        int start = pos;
        byte[] b = bulk(what);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (!canonical(b, false) || b.length > 20) throw bad(start, what + " is not an unsigned integer: '" + s + "'");
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw bad(start, what + " is out of range: " + s);
        }
    }

    void expectBulk(String expected, String what) throws Truncated, ImportException {
        int start = pos;
        String s = bulkString(what);
        if (!s.equals(expected)) throw bad(start, "expected " + what + " '" + expected + "' but found '" + s + "'");
    }

    ImportException bad(long offset, String problem) {
        return new ImportException(file, offset, problem);
    }

    private long decimal(int start, char terminator) throws Truncated, ImportException {
        int from = pos;
        while (true) {
            need(1);
            if (buf[pos] == terminator) break;
            if (pos - from > 20) throw bad(start, "number too long");
            pos++;
        }
        byte[] digits = java.util.Arrays.copyOfRange(buf, from, pos);
        pos++;
        Long v = parseDecimal(digits, true);
        if (v == null) throw bad(start, "not a decimal number: '" + new String(digits, StandardCharsets.ISO_8859_1) + "'");
        return v;
    }

    /** Canonical decimal: optional '-' (when {@code signed}), no leading zeros, no '+', fits a long; null if not. */
    static Long parseDecimal(byte[] b, boolean signed) {
        if (!canonical(b, signed) || b.length > 20) return null;
        try {
            return Long.parseLong(new String(b, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What printf's %ld / %lu writes: "0", or digits without a leading zero, '-' first if signed. */
    private static boolean canonical(byte[] b, boolean signed) {
        int i = signed && b.length > 1 && b[0] == '-' ? 1 : 0;
        if (i == b.length) return false;
        if (b[i] == '0') return b.length == 1;
        for (; i < b.length; i++) if (b[i] < '0' || b[i] > '9') return false;
        return true;
    }

    private void need(long n) throws Truncated {
        if (pos + n > buf.length) throw new Truncated();
    }

    private static String describe(byte b) {
        return b >= 32 && b < 127 ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
    }
}

package io.redraft.store;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a {@link Store} for the store-level fuzz targets: arguments as raw bytes, replies as
 * text, and the one property every reply must have whatever the input: it never carries the
 * "internal error" the store sends when a RuntimeException escaped a command (caught as the error
 * the store writes, not by searching the reply, which may be a value holding those words).
 */
final class FuzzClient {
    final Store store = new Store();
    private final int protocol;

    FuzzClient(int protocol) {
        this.protocol = protocol;
    }

    /** Runs the command; fails the fuzz run on an internal error. */
    String run(Object... args) {
        return new String(execute(args), StandardCharsets.ISO_8859_1);
    }

    /** The payload of a bulk reply, or null for any other reply. */
    byte[] bulk(Object... args) {
        byte[] r = execute(args);
        if (r.length < 4 || r[0] != '$' || r[1] == '-') return null;
        int crlf = 1;
        while (r[crlf] != '\r') crlf++;
        int len = Integer.parseInt(new String(r, 1, crlf - 1, StandardCharsets.US_ASCII));
        return Arrays.copyOfRange(r, crlf + 2, crlf + 2 + len);
    }

    private byte[] execute(Object... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (Object a : args) {
            argv.add(a instanceof byte[] b ? b : a.toString().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(1_700_000_000_000L, 42, protocol), new Checked(new RespWriter(out, protocol), args[0]));
        return out.toByteArray();
    }

    /** Passes replies through; an internal error fails the run. */
    private record Checked(ReplySink out, Object command) implements ReplySink {
        @Override
        public void error(String s) {
            if (s.startsWith("ERR internal error")) throw new AssertionError(command + " answered -" + s);
            out.error(s);
        }

        @Override public void status(String s) { out.status(s); }
        @Override public void integer(long v) { out.integer(v); }
        @Override public void bulk(byte[] b) { out.bulk(b); }
        @Override public void nullBulk() { out.nullBulk(); }
        @Override public void nullArray() { out.nullArray(); }
        @Override public void arrayHeader(int n) { out.arrayHeader(n); }
        @Override public void mapHeader(int n) { out.mapHeader(n); }
        @Override public void setHeader(int n) { out.setHeader(n); }
        @Override public void doubleValue(double d) { out.doubleValue(d); }
        @Override public void bool(boolean b) { out.bool(b); }
        @Override public void verbatim(String format, byte[] text) { out.verbatim(format, text); }
        @Override public int protocol() { return out.protocol(); }
    }
}

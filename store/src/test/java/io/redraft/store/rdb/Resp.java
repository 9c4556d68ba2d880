package io.redraft.store.rdb;

import io.redraft.resp.RawClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 replies of the shared {@link RawClient} as Java values for the interop tests: bulk strings
 * as ISO-8859-1 strings (one char per byte, so binary values survive), errors as {@link Error}.
 */
final class Resp {
    record Error(String message) {
    }

    private Resp() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Object call(RawClient r, String... args) throws IOException {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(bytes(a));
        }
        return parse(r.call(argv));
    }

    /** Sends every command {@link RawClient#queue}d and fails on the first error reply. */
    static void drain(RawClient r) throws IOException {
        for (byte[] raw : r.readQueued()) {
            if (parse(raw) instanceof Error e) {
                throw new IllegalStateException("redis error: " + e.message());
            }
        }
    }

    private static Object parse(byte[] raw) throws IOException {
        return read(new ByteArrayInputStream(raw));
    }

    private static Object read(InputStream in) throws IOException {
        int t = in.read();
        String line = line(in);
        switch (t) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("bad RESP type byte " + t);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}

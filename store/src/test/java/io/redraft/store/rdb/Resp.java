package io.redraft.store.rdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal pipelining RESP2 client for the interop tests. Bulk strings come back as
 * ISO-8859-1 strings (one char per byte, so binary values survive), errors as {@link Error}.
 */
final class Resp implements AutoCloseable {
    record Error(String message) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int pending;

    Resp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Queues a command; its reply is read by {@link #drain}. */
    void send(List<byte[]> argv) throws IOException {
        out.write(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
        pending++;
    }

    void send(String... args) throws IOException {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(bytes(a));
        }
        send(argv);
    }

    /** Reads every queued reply; fails on the first error reply. */
    void drain() throws IOException {
        out.flush();
        while (pending > 0) {
            pending--;
            Object r = read();
            if (r instanceof Error e) {
                throw new IllegalStateException("redis error: " + e.message());
            }
        }
    }

    Object call(String... args) throws IOException {
        drain();
        send(args);
        out.flush();
        pending--;
        return read();
    }

    private Object read() throws IOException {
        int t = in.read();
        String line = line();
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
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("bad RESP type byte " + t);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

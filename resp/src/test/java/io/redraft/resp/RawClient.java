package io.redraft.resp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one RESP test client of every module: a socket that sends commands (or any raw bytes) and
 * returns each reply as the exact bytes received, so tests can assert replies byte for byte.
 * Tests that want a parsed view parse those bytes themselves (store's diff {@code Reply}).
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int queued;

    public RawClient(int port) throws IOException {
        this(port, 10_000);
    }

    public RawClient(int port, int timeoutMillis) throws IOException {
        this("127.0.0.1", port, timeoutMillis);
    }

    /** {@code timeoutMillis} bounds the connect and every read. */
    public RawClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** A multibulk request; arguments as UTF-8. */
    public static String command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    /** A multibulk request of binary arguments. */
    public static byte[] command(List<byte[]> argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    /** Sends one command and returns its raw reply. */
    public String call(String... args) throws IOException {
        send(command(args));
        return readReply();
    }

    /** Sends one binary command and returns its raw reply bytes. */
    public byte[] call(List<byte[]> argv) throws IOException {
        send(command(argv));
        return readReplyBytes();
    }

    /** Buffers a command without sending it: a pipeline, read back by {@link #readQueued}. */
    public void queue(List<byte[]> argv) throws IOException {
        out.write(command(argv));
        queued++;
    }

    /** Sends what {@link #queue} buffered and returns the raw replies, in order. */
    public List<byte[]> readQueued() throws IOException {
        out.flush();
        List<byte[]> replies = new ArrayList<>(queued);
        for (; queued > 0; queued--) {
            replies.add(readReplyBytes());
        }
        return replies;
    }

    /** Reads one complete reply, returned as the exact bytes received. */
    public String readReply() throws IOException {
        return new String(readReplyBytes(), StandardCharsets.ISO_8859_1);
    }

    public byte[] readReplyBytes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        readInto(buf);
        return buf.toByteArray();
    }

    private void readInto(ByteArrayOutputStream buf) throws IOException {
        String line = readLine();
        buf.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        switch (line.charAt(0)) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n >= 0) {
                    buf.writeBytes(in.readNBytes(n + 2));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    readInto(buf);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    readInto(buf);
                }
            }
            default -> { }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after '" + sb + "'");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("bad line end");
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

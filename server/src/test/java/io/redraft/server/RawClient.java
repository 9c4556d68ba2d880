package io.redraft.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A socket that speaks raw RESP, so tests can assert replies byte for byte. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    static String command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        return sb.toString();
    }

    /** Sends one command and returns its raw reply. */
    String call(String... args) throws IOException {
        send(command(args));
        return readReply();
    }

    /** Reads one complete reply, returned as the exact bytes received. */
    String readReply() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        readInto(buf);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private void readInto(ByteArrayOutputStream buf) throws IOException {
        String line = readLine();
        buf.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        char type = line.charAt(0);
        switch (type) {
            case '$', '=' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n >= 0) {
                    buf.writeBytes(in.readNBytes(n + 2));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) readInto(buf);
            }
            case '%' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) readInto(buf);
            }
            default -> { }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed after '" + sb + "'");
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') throw new IOException("bad line end");
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    /** True when the server closed the connection (reads EOF within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

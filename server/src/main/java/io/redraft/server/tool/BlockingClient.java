package io.redraft.server.tool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain RESP2 connection for the command-line tools: one request, one reply. Replies are
 * {@code String} (status), {@link Err}, {@code Long}, {@code byte[]} (bulk, null for nil) and
 * {@code List<Object>}.
 */
final class BlockingClient implements AutoCloseable {
    /** An error reply, without its leading '-'. */
    record Err(String message) {}

    private final String address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    BlockingClient(String address, int timeoutMs) throws IOException {
        this.address = address;
        int colon = address.lastIndexOf(':');
        if (colon <= 0) throw new IOException("not a host:port address: " + address);
        socket = new Socket();
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                timeoutMs);
        socket.setSoTimeout(timeoutMs);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    String address() {
        return address;
    }

    Object call(Object... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed by " + address);
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Err(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) yield null;
                byte[] b = in.readNBytes(n);
                if (b.length != n) throw new EOFException("truncated reply from " + address);
                line();
                yield b;
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) yield null;
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read());
                yield items;
            }
            default -> throw new IOException("not a RESP reply from " + address);
        };
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\r'; ) {
            if (c < 0) throw new EOFException("connection closed by " + address);
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

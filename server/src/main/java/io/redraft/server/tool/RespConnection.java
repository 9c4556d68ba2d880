package io.redraft.server.tool;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocking RESP2 connection for the admin tool: a command in, its reply out as plain Java
 * values (String for simple and bulk strings, Long, List, {@link Error}, null for nil). The tool
 * sends a handful of commands per node, so nothing here is pooled; only the same question about
 * many slots is pipelined ({@link #pipeline}).
 */
final class RespConnection implements AutoCloseable {
    /** An error reply, kept as a value so that callers can report it next to the node it came from. */
    record Error(String text) {
        @Override
        public String toString() {
            return "-" + text;
        }
    }

    private final String address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects within a second or two; {@code timeoutMs} bounds every reply after that. */
    static RespConnection open(Address a, int timeoutMs) throws AdminException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(a.host(), a.port()), Math.min(timeoutMs, 2000));
            s.setSoTimeout(timeoutMs);
            return new RespConnection(a.toString(), s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the connect failure is what matters
            }
            throw AdminException.connection("cannot connect to " + a + ": " + e.getMessage());
        }
    }

    String address() {
        return address;
    }

    Object call(String... args) throws AdminException {
        return send(args, false);
    }

    /**
     * For commands whose arguments or replies carry keys, which are any bytes: arguments are
     * {@code byte[]} or anything printed with {@code toString()}, bulk replies come back as {@code byte[]}.
     */
    Object callBinary(Object... args) throws AdminException {
        return send(args, true);
    }

    private Object send(Object[] args, boolean binary) throws AdminException {
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            encode(req, args);
            out.write(req.toByteArray());
            out.flush();
            return read(binary);
        } catch (IOException e) {
            throw AdminException.connection(address + " did not answer " + args[0] + ": " + e.getMessage());
        }
    }

    /**
     * Several commands written at once, their replies read after (as {@link #callBinary}): one
     * round trip where the tool asks the same thing of many slots.
     */
    List<Object> pipeline(List<Object[]> commands) throws AdminException {
        if (commands.isEmpty()) return List.of();
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            for (Object[] args : commands) encode(req, args);
            out.write(req.toByteArray());
            out.flush();
            List<Object> replies = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) replies.add(read(true));
            return replies;
        } catch (IOException e) {
            throw AdminException.connection(address + " did not answer " + commands.get(0)[0] + ": " + e.getMessage());
        }
    }

    private static void encode(ByteArrayOutputStream req, Object[] args) {
        req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] raw ? raw : a.toString().getBytes(StandardCharsets.UTF_8);
            req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(b);
            req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A reply that must be a (bulk or simple) string; anything else is the node's failure. */
    String text(String... args) throws AdminException {
        Object r = call(args);
        if (r instanceof String s) return s;
        throw AdminException.connection(address + " answered " + String.join(" ", args) + " with " + r);
    }

    private Object read(boolean binary) throws IOException {
        int type = in.read();
        if (type < 0) throw new IOException("connection closed");
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) yield null;
                byte[] b = in.readNBytes(n + 2);
                if (b.length != n + 2) throw new IOException("connection closed");
                yield binary ? java.util.Arrays.copyOf(b, n) : new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                if (n < 0) yield null;
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read(binary));
                yield items;
            }
            default -> throw new IOException("not a RESP reply: " + (char) type + line);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new IOException("connection closed");
            b.write(c);
        }
        in.read(); // '\n'
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}

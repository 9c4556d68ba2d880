package io.redraft.server.command;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/** A RESP2/RESP3 connection whose replies are trees, for comparing our replies with redis-server's. */
final class Resp implements Closeable {
    /** A reply: its type byte, its line (or bulk text) and, for aggregates, its children. */
    record Node(char type, String text, List<Node> children) {
        boolean aggregate() {
            return children != null;
        }

        /** RESP text again, so that two trees compare as strings and a difference reads plainly. */
        String render() {
            StringBuilder sb = new StringBuilder();
            render(sb, "");
            return sb.toString();
        }

        private void render(StringBuilder sb, String indent) {
            sb.append(indent).append(type).append(text).append('\n');
            if (children != null) for (Node c : children) c.render(sb, indent + "  ");
        }

        Node map(UnaryOperator<Node> f) {
            if (children == null) return f.apply(this);
            List<Node> ch = new ArrayList<>();
            for (Node c : children) ch.add(c.map(f));
            return f.apply(new Node(type, text, ch));
        }

        Node withChildren(List<Node> ch) {
            String count = Integer.toString(type == '%' ? ch.size() / 2 : ch.size());
            return new Node(type, count, ch);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(int port, int protocol) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (protocol == 3) call("HELLO", "3");
    }

    Node call(String... argv) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : argv) {
            byte[] v = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(v);
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
        return read();
    }

    private Node read() throws IOException {
        String line = line();
        char t = line.charAt(0);
        String rest = line.substring(1);
        return switch (t) {
            case '*', '~', '>' -> rest.equals("-1") ? new Node(t, rest, null) : new Node(t, rest, children(Integer.parseInt(rest)));
            case '%' -> new Node(t, rest, children(2 * Integer.parseInt(rest)));
            case '$', '=' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) yield new Node(t, rest, null);
                String v = new String(in.readNBytes(n), StandardCharsets.UTF_8);
                in.readNBytes(2);
                yield new Node(t, v, null);
            }
            default -> new Node(t, rest, null);
        };
    }

    private List<Node> children(int n) throws IOException {
        List<Node> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(read());
        return out;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\r'; ) {
            if (c < 0) throw new IOException("connection closed");
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Children of an aggregate sorted by their rendering (for Redis's dict-ordered lists). */
    static List<Node> sorted(List<Node> nodes) {
        List<Node> s = new ArrayList<>(nodes);
        s.sort(Comparator.comparing(Node::render));
        return s;
    }
}

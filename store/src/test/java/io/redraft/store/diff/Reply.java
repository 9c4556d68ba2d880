package io.redraft.store.diff;

import io.redraft.resp.RawClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed RESP2/RESP3 reply, kept close to the wire: type byte, the header line or payload,
 * children for aggregates. {@link #render} reproduces the exact bytes, so comparing renders is
 * comparing bytes; normalisation works on the tree.
 */
record Reply(char type, String line, List<Reply> children) {
    /** The line of a RESP2 null bulk string, distinct from any payload. */
    static final String NULL_LINE = "\u0000-1";

    /** Sends one command on the shared client and parses its reply. */
    static Reply call(RawClient c, List<byte[]> argv) throws IOException {
        return read(new ByteArrayInputStream(c.call(argv)));
    }

    static Reply call(RawClient c, String... args) throws IOException {
        return call(c, Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    static Reply read(InputStream in) throws IOException {
        int t = in.read();
        if (t < 0) {
            throw new IOException("connection closed");
        }
        String line = readLine(in);
        switch (t) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new Reply((char) t, NULL_LINE, null);
                }
                byte[] b = in.readNBytes(n + 2);
                return new Reply((char) t, new String(b, 0, n, StandardCharsets.ISO_8859_1), null);
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new Reply((char) t, line, null);
                }
                int m = (t == '%' || t == '|') ? 2 * n : n;
                List<Reply> ch = new ArrayList<>(m);
                for (int i = 0; i < m; i++) {
                    ch.add(read(in));
                }
                return new Reply((char) t, line, ch);
            }
            default -> {
                return new Reply((char) t, line, null);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    private void render(StringBuilder sb) {
        sb.append(type);
        if (line.equals(NULL_LINE)) {
            sb.append("-1\r\n");
            return;
        }
        if (type == '$' || type == '=' || type == '!') {
            sb.append(line.length()).append("\r\n").append(line).append("\r\n");
            return;
        }
        sb.append(line).append("\r\n");
        if (children != null) {
            children.forEach(c -> c.render(sb));
        }
    }

    boolean isAggregate() {
        return children != null;
    }

    boolean isError() {
        return type == '-';
    }

    /** Children sorted by rendering (for replies whose order Redis leaves undefined). */
    Reply sorted() {
        if (children == null) {
            return this;
        }
        List<Reply> ch = new ArrayList<>(children);
        ch.sort(Comparator.comparing(Reply::render));
        return new Reply(type, line, ch);
    }

    /** Children sorted in groups of {@code k} (field/value pairs, member/score pairs). */
    Reply sortedGroups(int k) {
        if (children == null || children.size() % k != 0) {
            return this;
        }
        List<List<Reply>> groups = new ArrayList<>();
        for (int i = 0; i < children.size(); i += k) {
            groups.add(children.subList(i, i + k));
        }
        groups.sort(Comparator.comparing(g -> {
            StringBuilder sb = new StringBuilder();
            g.forEach(r -> sb.append(r.render()));
            return sb.toString();
        }));
        List<Reply> ch = new ArrayList<>();
        groups.forEach(ch::addAll);
        return new Reply(type, line, ch);
    }

    Reply withChildren(List<Reply> ch) {
        return new Reply(type, line, ch);
    }
}

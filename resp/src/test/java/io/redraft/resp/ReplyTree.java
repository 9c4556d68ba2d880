package io.redraft.resp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A RESP2/RESP3 reply as a tree, parsed from the bytes {@link RawClient} returns, for tests that
 * compare replies structurally (ours against redis-server's): its type byte, its line (or bulk
 * text, UTF-8) and, for aggregates, its children. A null bulk or array has the line {@code -1}
 * and no children.
 */
public record ReplyTree(char type, String text, List<ReplyTree> children) {
    /** Sends one command and parses its reply. */
    public static ReplyTree call(RawClient c, String... argv) throws IOException {
        List<byte[]> words = new ArrayList<>(argv.length);
        for (String a : argv) words.add(a.getBytes(StandardCharsets.UTF_8));
        return parse(c.call(words));
    }

    public static ReplyTree parse(byte[] reply) throws IOException {
        return read(new ByteArrayInputStream(reply));
    }

    public boolean aggregate() {
        return children != null;
    }

    /** One line per node, indented by depth: two trees compare as strings and a difference reads plainly. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        render(sb, "");
        return sb.toString();
    }

    private void render(StringBuilder sb, String indent) {
        sb.append(indent).append(type).append(text).append('\n');
        if (children != null) for (ReplyTree c : children) c.render(sb, indent + "  ");
    }

    /** The tree with {@code f} applied bottom-up to every node. */
    public ReplyTree map(UnaryOperator<ReplyTree> f) {
        if (children == null) return f.apply(this);
        List<ReplyTree> ch = new ArrayList<>();
        for (ReplyTree c : children) ch.add(c.map(f));
        return f.apply(new ReplyTree(type, text, ch));
    }

    /** The same aggregate with other children (its count line follows them). */
    public ReplyTree withChildren(List<ReplyTree> ch) {
        String count = Integer.toString(type == '%' ? ch.size() / 2 : ch.size());
        return new ReplyTree(type, count, ch);
    }

    /** Nodes sorted by their rendering (for Redis's dict-ordered lists). */
    public static List<ReplyTree> sorted(List<ReplyTree> nodes) {
        List<ReplyTree> s = new ArrayList<>(nodes);
        s.sort(Comparator.comparing(ReplyTree::render));
        return s;
    }

    private static ReplyTree read(InputStream in) throws IOException {
        String line = line(in);
        char t = line.charAt(0);
        String rest = line.substring(1);
        return switch (t) {
            case '*', '~', '>' -> rest.equals("-1") ? new ReplyTree(t, rest, null)
                    : new ReplyTree(t, rest, children(in, Integer.parseInt(rest)));
            case '%' -> new ReplyTree(t, rest, children(in, 2 * Integer.parseInt(rest)));
            case '$', '=' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) yield new ReplyTree(t, rest, null);
                String v = new String(in.readNBytes(n), StandardCharsets.UTF_8);
                in.readNBytes(2);
                yield new ReplyTree(t, v, null);
            }
            default -> new ReplyTree(t, rest, null);
        };
    }

    private static List<ReplyTree> children(InputStream in, int n) throws IOException {
        List<ReplyTree> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(read(in));
        return out;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\r'; ) {
            if (c < 0) throw new IOException("reply ends early");
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }
}

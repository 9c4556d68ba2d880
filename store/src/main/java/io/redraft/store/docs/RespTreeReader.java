package io.redraft.store.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the RESP3 types a COMMAND DOCS reply uses (map, array, set, bulk, simple string, integer). */
final class RespTreeReader {
    private final InputStream in;

    RespTreeReader(InputStream in) {
        this.in = in;
    }

    DocNode read() throws IOException {
        String line = line();
        char type = line.charAt(0);
        String rest = line.substring(1);
        return switch (type) {
            case '%' -> new DocNode.Map(children(2 * Integer.parseInt(rest)));
            case '*' -> new DocNode.Seq(children(Integer.parseInt(rest)), false);
            case '~' -> new DocNode.Seq(children(Integer.parseInt(rest)), true);
            case '+' -> new DocNode.Status(rest);
            case ':' -> new DocNode.Int(Long.parseLong(rest));
            case '$' -> {
                byte[] b = in.readNBytes(Integer.parseInt(rest));
                in.readNBytes(2); // CRLF
                yield new DocNode.Bulk(b);
            }
            default -> throw new IOException("unexpected RESP type in command docs: " + type);
        };
    }

    private List<DocNode> children(int n) throws IOException {
        List<DocNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(read());
        }
        return out;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("truncated command docs");
            }
            b.write(c);
        }
        in.read(); // LF
        return b.toString(StandardCharsets.UTF_8);
    }
}

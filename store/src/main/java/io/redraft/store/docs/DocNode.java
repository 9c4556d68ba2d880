package io.redraft.store.docs;

import io.redraft.resp.ReplySink;

import java.util.List;

/** One node of a COMMAND DOCS reply tree, written back through a {@link ReplySink} in either protocol. */
sealed interface DocNode {
    void write(ReplySink out);

    record Bulk(byte[] value) implements DocNode {
        public void write(ReplySink out) {
            out.bulk(value);
        }

        String text() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    record Status(String value) implements DocNode {
        public void write(ReplySink out) {
            out.status(value);
        }
    }

    record Int(long value) implements DocNode {
        public void write(ReplySink out) {
            out.integer(value);
        }
    }

    /** An array or a set (sets become arrays in RESP2, as Redis's addReplySetLen). */
    record Seq(List<DocNode> items, boolean set) implements DocNode {
        public void write(ReplySink out) {
            if (set) {
                out.setHeader(items.size());
            } else {
                out.arrayHeader(items.size());
            }
            items.forEach(n -> n.write(out));
        }
    }

    /** A map: keys at even positions, values at odd ones (flattened in RESP2 by the sink). */
    record Map(List<DocNode> keysAndValues) implements DocNode {
        public void write(ReplySink out) {
            out.mapHeader(keysAndValues.size() / 2);
            keysAndValues.forEach(n -> n.write(out));
        }

        DocNode get(String key) {
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                if (keysAndValues.get(i) instanceof Bulk b && b.text().equals(key)) {
                    return keysAndValues.get(i + 1);
                }
            }
            return null;
        }
    }
}

package io.redraft.store.docs;

import io.redraft.resp.ReplySink;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The documentation COMMAND DOCS replies with, in Redis 7's shape: per command a map of
 * summary, since, group, complexity, and where Redis has them doc_flags, deprecated_since,
 * replaced_by, history, arguments (each a map of name, type, display_text, key_spec_index,
 * token, summary, since, flags, deprecated_since, value or nested arguments) and subcommands
 * (a map from "container|sub" to the same kind of map). redis-cli builds its argument hints
 * from the arguments.
 *
 * <p>The table is the reply of redis-server 7.0.15's {@code COMMAND DOCS} (RESP3), kept as a
 * resource and parsed on first use; it is data about Redis's commands, which we implement with
 * the same arguments. Regenerate it with {@code store/src/main/resources/io/redraft/store/docs/README}.
 */
public final class CommandDocs {
    private static volatile Map<String, DocNode.Map> table;

    private CommandDocs() {
    }

    /** Whether Redis documents the command (lower-case name; subcommands as {@code "object|freq"}). */
    public static boolean has(String name) {
        return find(name) != null;
    }

    /** A text field of the command's documentation ({@code group}, {@code since}), or null. */
    public static String text(String name, String field) {
        DocNode.Map doc = find(name);
        return doc != null && doc.get(field) instanceof DocNode.Bulk b ? b.text() : null;
    }

    /**
     * Writes the command's documentation map (the value under its name in a COMMAND DOCS reply).
     * Subcommands for which {@code subcommandKnown} is false (given "container|sub") are left
     * out, so the reply lists only what this server runs. Writes an empty map when undocumented.
     */
    public static void write(String name, Predicate<String> subcommandKnown, ReplySink out) {
        DocNode.Map doc = find(name);
        if (doc == null) {
            out.mapHeader(0);
            return;
        }
        List<DocNode> kv = doc.keysAndValues();
        out.mapHeader(kv.size() / 2);
        for (int i = 0; i < kv.size(); i += 2) {
            kv.get(i).write(out);
            DocNode value = kv.get(i + 1);
            if (kv.get(i) instanceof DocNode.Bulk k && k.text().equals("subcommands") && value instanceof DocNode.Map subs) {
                writeSubcommands(subs, subcommandKnown, out);
            } else {
                value.write(out);
            }
        }
    }

    /**
     * Writes a whole COMMAND DOCS reply for {@code names} as Redis does: a map from name to its
     * documentation, skipping names Redis does not know.
     */
    public static void writeReply(List<String> names, Predicate<String> subcommandKnown, ReplySink out) {
        List<String> known = new ArrayList<>();
        for (String n : names) {
            if (has(n)) {
                known.add(n);
            }
        }
        out.mapHeader(known.size());
        for (String n : known) {
            out.bulk(n.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            write(n, subcommandKnown, out);
        }
    }

    private static void writeSubcommands(DocNode.Map subs, Predicate<String> known, ReplySink out) {
        List<DocNode> kept = new ArrayList<>();
        List<DocNode> kv = subs.keysAndValues();
        for (int i = 0; i < kv.size(); i += 2) {
            if (kv.get(i) instanceof DocNode.Bulk k && known.test(k.text())) {
                kept.add(kv.get(i));
                kept.add(kv.get(i + 1));
            }
        }
        new DocNode.Map(kept).write(out);
    }

    private static DocNode.Map find(String name) {
        Map<String, DocNode.Map> t = table();
        int bar = name.indexOf('|');
        if (bar < 0) {
            return t.get(name);
        }
        DocNode.Map container = t.get(name.substring(0, bar));
        if (container != null && container.get("subcommands") instanceof DocNode.Map subs
                && subs.get(name) instanceof DocNode.Map doc) {
            return doc;
        }
        return null;
    }

    private static Map<String, DocNode.Map> table() {
        Map<String, DocNode.Map> t = table;
        if (t == null) {
            t = load();
            table = t;
        }
        return t;
    }

    private static Map<String, DocNode.Map> load() {
        try (InputStream in = CommandDocs.class.getResourceAsStream("command-docs.resp")) {
            if (in == null) {
                throw new IllegalStateException("command-docs.resp missing from the store jar");
            }
            DocNode root = new RespTreeReader(new BufferedInputStream(in)).read();
            Map<String, DocNode.Map> t = new LinkedHashMap<>();
            List<DocNode> kv = ((DocNode.Map) root).keysAndValues();
            for (int i = 0; i < kv.size(); i += 2) {
                t.put(((DocNode.Bulk) kv.get(i)).text(), (DocNode.Map) kv.get(i + 1));
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.redraft.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The annotated {@code conf/redraft.conf} shipped in the tarball and as the Debian package's
 * {@code /etc/redraft/redraft.conf}: every directive, commented out at its default, under its
 * meaning. Generated from the same tables as docs/configuration.md, so it cannot drift from the
 * code (ConfFileTest compares it with dist/src/conf/redraft.conf).
 */
final class ConfFile {
    static final int WIDTH = 98;

    private ConfFile() {}

    static String text() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Redraft configuration file.
                #
                # GENERATED from the server's directive tables: edit RedisParams/RaftParams/OpsParams,
                # then run ConfFileTest with -Dredraft.writeDocs=true (dist/src/conf/redraft.conf).
                #
                # The syntax is redis.conf's: one directive per line, `name value...`, `#` starts a
                # comment line, "double" and 'single' quoted strings, `include <file>` (wildcards read
                # every match in order). Later lines win. Options on the command line
                # (`redraft-server redraft.conf --port 5001`) come after this file's lines.
                #
                # Every directive below is commented out at its default: uncomment a line to change it.
                # Directives marked "immutable" cannot change at run time (CONFIG SET refuses them);
                # the others can, with CONFIG SET <name> <value>. docs/configuration.md has the same
                # table, and what each setting does in more detail.
                #
                # Redis persistence stays off (`save ""`, `appendonly no`): the Raft log is the
                # persistence. Redraft refuses a configuration that conflicts with this.
                """);
        section(out, "RedisRaft parameters (raft.*)", RaftParams.table());
        section(out, "Redis directives", RedisParams.table(() -> Path.of("/")));
        section(out, "Redraft directives: the operations listener (docs/operations.md)", OpsParams.table());
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Param> params) {
        out.append("\n").append("#".repeat(WIDTH)).append("\n# ").append(title).append("\n")
                .append("#".repeat(WIDTH)).append("\n");
        for (Param p : params) directive(out, p);
    }

    private static void directive(StringBuilder out, Param p) {
        out.append('\n');
        for (String line : wrap(p.doc(), WIDTH - 2)) out.append("# ").append(line).append('\n');
        List<String> facts = new ArrayList<>();
        facts.add("type " + p.type().describe());
        if (p.alias() != null) facts.add("alias " + p.alias());
        if (p.requirement() != null) facts.add("value restricted");
        if (p.has(Param.Flag.IMMUTABLE)) facts.add("immutable");
        if (p.has(Param.Flag.PROTECTED)) facts.add("protected");
        if (p.has(Param.Flag.LOCKED_AFTER_INIT)) facts.add("locked after init/join");
        if (p.has(Param.Flag.HIDDEN)) facts.add("hidden: for tests and debugging");
        if (p.has(Param.Flag.SENSITIVE)) facts.add("sensitive");
        for (String line : wrap("(" + String.join("; ", facts) + ")", WIDTH - 2)) out.append("# ").append(line).append('\n');
        String value = defaultValue(p);
        out.append("# ").append(p.name()).append(' ')
                .append(value != null ? value : "<" + p.type().describe() + ">   (unset by default)").append('\n');
    }

    /** The default as a config file line would give it, or null for a directive unset by default (replicaof). */
    static String defaultValue(Param p) {
        if (p.name().equals("dir")) return "./";
        String d = p.defaultText();
        if (d.isEmpty()) {
            try {
                p.type().parse(java.util.List.of(""));
            } catch (InvalidValue | RuntimeException e) {
                return null;
            }
            return "\"\"";
        }
        // Multi-word directives and raft.* (whose words are joined) take the words as they are;
        // a single-word directive needs quotes around a value with blanks.
        if (p.type().multiArg() || p.has(Param.Flag.MODULE) || d.indexOf(' ') < 0) return d;
        return "\"" + d.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) continue;
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}

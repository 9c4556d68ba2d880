package io.redraft.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directive tables of docs/configuration.md, generated from the same tables that define the
 * parameters, so the page cannot drift from the code (ConfigDocTest compares them).
 */
final class ConfigDoc {
    static final String BEGIN = "<!-- BEGIN GENERATED TABLES: edit RedisParams/RaftParams/OpsParams, then run ConfigDocTest with -Dredraft.writeDocs=true -->";
    static final String END = "<!-- END GENERATED TABLES -->";

    private ConfigDoc() {}

    static String tables() {
        StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
        out.append("### RedisRaft parameters (`raft.*`)\n\n");
        table(out, RaftParams.table());
        out.append("\n### Redis directives\n\n");
        table(out, RedisParams.table(() -> Path.of("/")));
        out.append("\n### Redraft directives (operations listener, docs/operations.md)\n\n");
        table(out, OpsParams.table());
        return out.append('\n').append(END).toString();
    }

    private static void table(StringBuilder out, List<Param> params) {
        out.append("| Directive | Type | Default | Notes | Description |\n|---|---|---|---|---|\n");
        for (Param p : params) {
            String name = "`" + p.name() + "`" + (p.alias() == null ? "" : " (alias `" + p.alias() + "`)");
            out.append("| ").append(name)
                    .append(" | ").append(escape(p.type().describe()))
                    .append(" | ").append(defaultOf(p))
                    .append(" | ").append(notes(p))
                    .append(" | ").append(escape(p.doc()))
                    .append(" |\n");
        }
    }

    private static String defaultOf(Param p) {
        if (p.name().equals("dir")) return "working directory";
        String d = p.defaultText();
        if (d.isEmpty()) return "`\"\"`";
        if (p.type() instanceof ParamType.Number n && n.memory()) {
            long v = Long.parseLong(d);
            if (v >= 1024 * 1024 && v % (1024 * 1024) == 0) return "`" + d + "` (" + human(v) + ")";
        }
        return "`" + escape(d) + "`";
    }

    private static String human(long v) {
        return v % (1L << 30) == 0 ? (v >> 30) + "gb" : (v >> 20) + "mb";
    }

    private static String notes(Param p) {
        List<String> notes = new ArrayList<>();
        if (p.requirement() != null) notes.add("required value");
        if (p.has(Param.Flag.IMMUTABLE)) notes.add("immutable");
        if (p.has(Param.Flag.PROTECTED)) notes.add("protected");
        if (p.has(Param.Flag.LOCKED_AFTER_INIT)) notes.add("locked after init/join");
        if (p.has(Param.Flag.HIDDEN)) notes.add("hidden");
        if (p.has(Param.Flag.SENSITIVE)) notes.add("sensitive");
        if (p.type().multiArg()) notes.add("multi-word");
        return String.join(", ", notes);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}

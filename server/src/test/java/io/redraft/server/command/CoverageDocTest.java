package io.redraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.store.docs.CommandDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/commands.md's coverage table is the command table's: every Redis 7.0 command and RedisRaft
 * command with what this server does with it. When the table changes the test fails and writes
 * the new section to target/commands-coverage.md, to paste between the markers.
 */
class CoverageDocTest {
    private static final String BEGIN = "<!-- coverage:begin (generated from the command table: CoverageDocTest) -->";
    private static final String END = "<!-- coverage:end -->";

    @Test
    void docsCommandsMdShowsTheTable() throws IOException {
        String expected = render(ServerCommandTable.get());
        Path doc = Path.of("..", "docs", "commands.md");
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN), e = text.indexOf(END);
        String actual = b < 0 || e < 0 ? "" : text.substring(b + BEGIN.length() + 1, e);
        if (!actual.equals(expected)) Files.writeString(Path.of("target", "commands-coverage.md"), expected);
        assertThat(actual).isEqualTo(expected);
    }

    static String render(ServerCommandTable table) {
        Map<String, List<ServerCommand>> groups = new TreeMap<>();
        for (ServerCommand c : table.all()) {
            if (c.isSubcommand() || c.origin().equals("store") || c.route() == Route.INTERNAL) continue;
            // Redis 7.2's WAITAOF (redraft.tsv) joins WAIT in generic; the other non-Redis commands are RAFT.*.
            String group = c.origin().equals("redis") ? CommandDocs.text(c.name(), "group")
                    : c.name().equals("waitaof") ? "generic" : "raft (RedisRaft)";
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(c);
        }
        StringBuilder sb = new StringBuilder();
        int[] counts = new int[Route.values().length];
        for (var g : groups.entrySet()) {
            sb.append("\n### ").append(g.getKey()).append("\n\n| command | route | notes |\n|---|---|---|\n");
            for (ServerCommand c : g.getValue()) {
                counts[c.route().ordinal()]++;
                sb.append("| ").append(c.name().toUpperCase(Locale.ROOT)).append(" | ").append(route(c)).append(" | ")
                        .append(notes(table, c)).append(" |\n");
            }
        }
        StringBuilder head = new StringBuilder("\nTop-level commands by route:");
        for (Route r : Route.values()) if (counts[r.ordinal()] > 0) head.append(' ').append(r.name().toLowerCase(Locale.ROOT)).append(' ').append(counts[r.ordinal()]).append(',');
        head.setLength(head.length() - 1);
        return head.append(".\n").append(sb).toString();
    }

    private static String route(ServerCommand c) {
        return switch (c.route()) {
            case REFUSED -> "refused: `-" + c.refusal() + "`";
            case NOT_IMPLEMENTED -> "not implemented";
            default -> c.route().description();
        };
    }

    private static String notes(ServerCommandTable table, ServerCommand c) {
        List<String> parts = new ArrayList<>();
        if (!c.reason().isEmpty()) parts.add(c.reason());
        List<String> runs = new ArrayList<>(), not = new ArrayList<>();
        for (ServerCommand s : table.subcommands(c.name())) {
            String sub = s.name().substring(c.name().length() + 1).toUpperCase(Locale.ROOT);
            (s.route() == Route.NOT_IMPLEMENTED ? not : runs).add(sub + (s.origin().equals("redis") ? "" : "*"));
        }
        if (!runs.isEmpty() && c.route() != Route.REFUSED) parts.add("runs " + String.join(", ", runs));
        if (!not.isEmpty() && !runs.isEmpty()) parts.add("not yet " + String.join(", ", not));
        return String.join("; ", parts).replace("|", "\\|");
    }
}

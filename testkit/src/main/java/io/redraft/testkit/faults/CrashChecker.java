package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.NodeProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads every node's log and output after a run: a stack trace, an uncaught exception or a
 * warning-level line ({@code #}) that faults do not explain fails the run even when the history
 * checks out, because it means a node hit a code path it should not have.
 */
final class CrashChecker {
    /** Warnings that kill -9, SIGSTOP and restarts cause in a healthy cluster. */
    static final List<Pattern> EXPECTED = List.of(
            Pattern.compile("(?i)connect(ion)?\\b.*(refused|reset|closed|lost|failed|timed out)"),
            Pattern.compile("(?i)(timed out|timeout)"),
            Pattern.compile("(?i)Broken pipe"),
            Pattern.compile("(?i)truncat(ed|ing).*(tail|torn|partial|incomplete)"),
            Pattern.compile("(?i)(torn|partial|incomplete) (last )?(entry|record|write)"),
            // A kill -9 during a snapshot's install: the restart finishes it (storage Recovery).
            Pattern.compile("Finishing the install of snapshot .* interrupted by a crash"),
            // A kill -9 while the log thread had not yet written entries the node had applied (the
            // leader applies what the others' copies committed before its own write is done).
            // A log holding the snapshot's entry with another term stays unexpected.
            Pattern.compile("does not contain the snapshot's last entry .*: it ends at entry \\d+, short of what"));

    private static final Pattern WARNING = Pattern.compile("^\\d+:[A-Z] \\d+ \\w+ \\d+ [\\d:.]+ # (.*)$");

    private CrashChecker() {}

    /** One line per unexpected finding, each prefixed with the node's name. */
    static List<String> check(List<NodeProcess> nodes) {
        return check(nodes, List.of());
    }

    /** @param explained warnings the injected faults explain (a removal, a full disk) */
    static List<String> check(List<NodeProcess> nodes, List<Pattern> explained) {
        List<String> findings = new ArrayList<>();
        for (NodeProcess n : nodes) {
            for (String line : n.logs().split("\n")) {
                String problem = classify(line);
                if (problem != null && problem.startsWith("unexpected") && explained.stream().anyMatch(p -> p.matcher(line).find())) {
                    problem = null;
                }
                if (problem != null) findings.add(n.name() + ": " + problem + ": " + line.strip());
            }
        }
        return findings;
    }

    /** Why a log line is a problem, or null if it is not. */
    static String classify(String line) {
        if (line.startsWith("### start")) return null;
        if (line.startsWith("Exception in thread") || line.contains("Caused by: ")) return "uncaught exception";
        if (line.startsWith("\tat ") || line.matches("^\\s+at [\\w.$]+\\(.*\\)$")) return "stack trace";
        var m = WARNING.matcher(line);
        if (m.matches()) {
            String text = m.group(1);
            for (Pattern p : EXPECTED) if (p.matcher(text).find()) return null;
            return "unexpected warning or error";
        }
        if (line.contains("OutOfMemoryError") || line.contains("# A fatal error has been detected")) return "JVM crash";
        return null;
    }
}

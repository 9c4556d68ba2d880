package io.redraft.server.node;

import java.util.ArrayList;
import java.util.List;

/**
 * MONITOR: every command this node executes, one status line each, in Redis's format
 * ({@code +1700000000.123456 [0 127.0.0.1:5555] "set" "k" "v"}), fed as each command executes
 * here (a write when the leader takes it, not when replicas apply it). Commands Redis keeps out
 * (flagged admin or skip_monitor) are kept out; AUTH's and HELLO AUTH's secrets show as
 * {@code (redacted)}. Node thread only.
 */
final class Monitors {
    private final NodeThread node;
    private final List<ClientSession> watching = new ArrayList<>();

    Monitors(NodeThread node) {
        this.node = node;
    }

    boolean isMonitor(ClientSession s) {
        return watching.contains(s);
    }

    void add(ClientSession s) {
        if (!watching.contains(s)) watching.add(s);
    }

    boolean any() {
        return !watching.isEmpty();
    }

    void feed(ClientSession from, ClientRequest r) {
        watching.removeIf(ClientSession::isGone);
        if (watching.isEmpty()) return;
        if (r.classification().has("admin") || r.classification().has("skip_monitor")) return;
        long micros = node.context().clock.millis() * 1000 + (System.nanoTime() / 1000) % 1000;
        StringBuilder sb = new StringBuilder(64);
        sb.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000))
                .append(" [0 ").append(from.addr).append(']');
        byte[][] argv = r.argv();
        String name = r.name();
        for (int i = 0; i < argv.length; i++) {
            sb.append(' ');
            if (redacted(name, argv, i)) sb.append("\"(redacted)\"");
            else repr(sb, argv[i]);
        }
        String line = sb.toString();
        for (ClientSession m : watching) node.sink(m).status(line);
    }

    private static boolean redacted(String name, byte[][] argv, int i) {
        if (name.equals("auth")) return i > 0;
        if (name.equals("hello")) {
            for (int j = 2; j < argv.length; j++) {
                if (Replies.lower(argv[j]).equals("auth") && (i == j + 1 || i == j + 2)) return true;
            }
        }
        return false;
    }

    /** Redis's sdscatrepr: quoted, with C escapes and \xHH for what is not printable. */
    static void repr(StringBuilder sb, byte[] b) {
        sb.append('"');
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        sb.append('"');
    }
}

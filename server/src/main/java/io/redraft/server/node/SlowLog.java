package io.redraft.server.node;

import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * SLOWLOG GET / LEN / RESET / HELP with slowlog-log-slower-than (microseconds, negative = off)
 * and slowlog-max-len, Redis's entry format: id, unix time, microseconds, the arguments (at most
 * 32, each cut at 128 bytes, as Redis keeps them), client address, client name. Newest first.
 */
final class SlowLog {
    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;
    private static final String[] HELP = {
            "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
            "HELP",
            "    Prints this help."};

    private record Entry(long id, long unixSeconds, long micros, byte[][] args, String addr, String name) {}

    private final NodeContext ctx;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    SlowLog(NodeContext ctx) {
        this.ctx = ctx;
    }

    /** A command finished after {@code micros}: logged when over the threshold. */
    void offer(ClientSession s, byte[][] argv, long micros) {
        long threshold = ctx.config.slowlogLogSlowerThanMicros();
        if (threshold < 0 || micros < threshold) return;
        long max = ctx.config.slowlogMaxLen();
        if (max == 0) return;
        entries.addFirst(new Entry(nextId++, ctx.clock.millis() / 1000, micros, trim(argv), s.addr,
                s.name == null ? "" : s.name));
        while (entries.size() > max) entries.removeLast();
    }

    private static byte[][] trim(byte[][] argv) {
        int n = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            if (n < argv.length && i == n - 1) {
                out[i] = Replies.bytes("... (" + (argv.length - MAX_ARGC + 1) + " more arguments)");
            } else if (argv[i].length > MAX_STRING) {
                byte[] cut = java.util.Arrays.copyOf(argv[i], MAX_STRING);
                byte[] more = (" ... (" + (argv[i].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.ISO_8859_1);
                out[i] = new byte[cut.length + more.length];
                System.arraycopy(cut, 0, out[i], 0, cut.length);
                System.arraycopy(more, 0, out[i], cut.length, more.length);
            } else {
                out[i] = argv[i];
            }
        }
        return out;
    }

    void reset() {
        entries.clear();
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        String sub = Replies.lower(argv[1]);
        s.lastCommand = "slowlog|" + sub;
        switch (sub) {
            case "help" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("slowlog|help"));
                    return;
                }
                out.arrayHeader(HELP.length);
                for (String l : HELP) out.status(l);
            }
            case "len" -> {
                if (argv.length != 2) out.error(Replies.arity("slowlog|len"));
                else out.integer(entries.size());
            }
            case "reset" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("slowlog|reset"));
                    return;
                }
                entries.clear();
                out.status("OK");
            }
            case "get" -> {
                if (argv.length > 3) {
                    out.error(Replies.arity("slowlog|get"));
                    return;
                }
                long count = 10;
                if (argv.length == 3) {
                    long[] n = new long[1];
                    if (!RedisNumbers.parseLong(argv[2], n) || n[0] < -1) {
                        out.error("ERR count should be greater than or equal to -1");
                        return;
                    }
                    count = n[0] == -1 ? entries.size() : n[0];
                }
                int shown = (int) Math.min(count, entries.size());
                out.arrayHeader(shown);
                Iterator<Entry> it = entries.iterator();
                for (int i = 0; i < shown; i++) {
                    Entry e = it.next();
                    out.arrayHeader(6);
                    out.integer(e.id);
                    out.integer(e.unixSeconds);
                    out.integer(e.micros);
                    out.arrayHeader(e.args.length);
                    for (byte[] a : e.args) out.bulk(a);
                    out.bulk(Replies.bytes(e.addr));
                    out.bulk(Replies.bytes(e.name));
                }
            }
            default -> out.error("ERR unknown subcommand '" + Replies.str(argv[1]) + "'. Try SLOWLOG HELP.");
        }
    }
}

package io.redraft.server.node;

import io.redraft.resp.ReplySink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * LATENCY LATEST / HISTORY / RESET / DOCTOR / GRAPH / HISTOGRAM / HELP. Events over
 * latency-monitor-threshold milliseconds (0 = off) are kept as Redis keeps them: per event, up to
 * 160 samples of one second each (the highest of that second), plus the all-time maximum.
 * Events recorded: {@code command} (a command, from execution to reply) and {@code expire-cycle}
 * (the leader's expiry sweep). HISTOGRAM reads {@link CommandStats}.
 */
final class LatencyMonitor {
    private static final int SAMPLES = 160;
    private static final String[] HELP = {
            "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
            "HELP",
            "    Prints this help."};

    private static final class Series {
        final long[] time = new long[SAMPLES];
        final long[] ms = new long[SAMPLES];
        int idx;
        long max;
    }

    private final NodeContext ctx;
    private final CommandStats stats;
    private final Map<String, Series> events = new TreeMap<>();

    LatencyMonitor(NodeContext ctx, CommandStats stats) {
        this.ctx = ctx;
        this.stats = stats;
    }

    /** Records {@code millis} for {@code event} when over the threshold. */
    void sample(String event, long millis) {
        long threshold = ctx.config.number("latency-monitor-threshold");
        if (threshold == 0 || millis < threshold) return;
        long now = ctx.clock.millis() / 1000;
        Series s = events.computeIfAbsent(event, k -> new Series());
        int prev = (s.idx + SAMPLES - 1) % SAMPLES;
        if (s.time[prev] == now) {
            s.ms[prev] = Math.max(s.ms[prev], millis);
        } else {
            s.time[s.idx] = now;
            s.ms[s.idx] = millis;
            s.idx = (s.idx + 1) % SAMPLES;
        }
        s.max = Math.max(s.max, millis);
    }

    void reset() {
        events.clear();
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        String sub = Replies.lower(argv[1]);
        s.lastCommand = "latency|" + sub;
        switch (sub) {
            case "help" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("latency|help"));
                    return;
                }
                out.arrayHeader(HELP.length);
                for (String l : HELP) out.status(l);
            }
            case "latest" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("latency|latest"));
                    return;
                }
                out.arrayHeader(events.size());
                events.forEach((name, ser) -> {
                    int last = (ser.idx + SAMPLES - 1) % SAMPLES;
                    out.arrayHeader(4);
                    out.bulk(Replies.bytes(name));
                    out.integer(ser.time[last]);
                    out.integer(ser.ms[last]);
                    out.integer(ser.max);
                });
            }
            case "history" -> {
                if (argv.length != 3) {
                    out.error(Replies.arity("latency|history"));
                    return;
                }
                List<long[]> samples = samples(Replies.str(argv[2]));
                out.arrayHeader(samples.size());
                for (long[] p : samples) {
                    out.arrayHeader(2);
                    out.integer(p[0]);
                    out.integer(p[1]);
                }
            }
            case "reset" -> {
                int n = 0;
                if (argv.length == 2) {
                    n = events.size();
                    events.clear();
                } else {
                    for (int i = 2; i < argv.length; i++) if (events.remove(Replies.str(argv[i])) != null) n++;
                }
                out.integer(n);
            }
            case "doctor" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("latency|doctor"));
                    return;
                }
                out.verbatim("txt", Replies.bytes(doctor()));
            }
            case "graph" -> {
                if (argv.length != 3) {
                    out.error(Replies.arity("latency|graph"));
                    return;
                }
                String event = Replies.str(argv[2]);
                List<long[]> samples = samples(event);
                if (samples.isEmpty()) {
                    out.error("ERR No samples available for event '" + event + "'");
                    return;
                }
                out.verbatim("txt", Replies.bytes(graph(event, samples)));
            }
            case "histogram" -> histogram(argv, out);
            default -> out.error(Replies.unknownSubcommand(argv[1], "latency"));
        }
    }

    private List<long[]> samples(String event) {
        List<long[]> out = new ArrayList<>();
        Series s = events.get(event);
        if (s == null) return out;
        for (int i = 0; i < SAMPLES; i++) {
            int j = (s.idx + i) % SAMPLES;
            if (s.time[j] != 0) out.add(new long[] {s.time[j], s.ms[j]});
        }
        return out;
    }

    private void histogram(byte[][] argv, ReplySink out) {
        Map<String, CommandStats.Stat> chosen = new TreeMap<>();
        if (argv.length == 2) {
            stats.all().forEach((n, st) -> {
                if (st.latency.count() > 0) chosen.put(n, st);
            });
        } else {
            for (int i = 2; i < argv.length; i++) {
                String n = Replies.lower(argv[i]);
                CommandStats.Stat st = stats.get(n);
                if (st != null && st.latency.count() > 0) chosen.put(n, st);
            }
        }
        out.mapHeader(chosen.size());
        chosen.forEach((n, st) -> {
            out.bulk(Replies.bytes(n));
            out.mapHeader(2);
            out.bulk(Replies.bytes("calls"));
            out.integer(st.calls);
            out.bulk(Replies.bytes("histogram_usec"));
            long[][] buckets = st.latency.powerOfTwoBuckets();
            out.mapHeader(buckets.length);
            for (long[] b : buckets) {
                out.integer(b[0]);
                out.integer(b[1]);
            }
        });
    }

    private String doctor() {
        if (ctx.config.number("latency-monitor-threshold") == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
                    + "\"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a "
                    + "deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
        }
        if (events.isEmpty()) {
            return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest "
                    + "bit. I honestly think you ought to sleep tonight.\n";
        }
        StringBuilder sb = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        int i = 1;
        for (var e : events.entrySet()) {
            List<long[]> samples = samples(e.getKey());
            double avg = samples.stream().mapToLong(p -> p[1]).average().orElse(0);
            sb.append(i++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                    .append(" latency spikes (average ").append(Math.round(avg)).append("ms). Worst all time event ")
                    .append(e.getValue().max).append("ms.\n");
        }
        sb.append("\nI have a few advices for you:\n\n");
        if (events.containsKey("command")) {
            sb.append("- Check your Slow Log to understand what are the commands you are running which are too slow to "
                    + "execute. Please check https://redis.io/commands/slowlog for more information. In Redraft a "
                    + "write's time includes its Raft commit: see INFO raft and the log's fsync times.\n");
        }
        if (events.containsKey("expire-cycle")) {
            sb.append("- Many keys expire at the same time: consider spreading their TTLs.\n");
        }
        return sb.toString();
    }

    /** A bar per sample, the tallest the event's maximum: a plain rendering of Redis's graph. */
    private String graph(String event, List<long[]> samples) {
        long high = 0, low = Long.MAX_VALUE;
        for (long[] p : samples) {
            high = Math.max(high, p[1]);
            low = Math.min(low, p[1]);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(event).append(" - high ").append(high).append(" ms, low ").append(low).append(" ms (all time high ")
                .append(events.get(event).max).append(" ms)\n");
        sb.append("-".repeat(80)).append('\n');
        int rows = 4;
        for (int r = rows; r >= 1; r--) {
            for (long[] p : samples) sb.append(p[1] * rows >= r * high ? '#' : (r == 1 ? '_' : ' '));
            sb.append('\n');
        }
        long now = ctx.clock.millis() / 1000;
        for (long[] p : samples) {
            long ago = now - p[0];
            sb.append(ago < 60 ? Long.toString(ago % 10).charAt(0) : 'm');
        }
        sb.append('\n');
        return sb.toString();
    }
}

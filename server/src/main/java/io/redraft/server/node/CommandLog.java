package io.redraft.server.node;

import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import java.util.ArrayDeque;

/**
 * What the node records of each command it runs, for INFO commandstats / latencystats, SLOWLOG,
 * the latency monitor and MONITOR. A command is timed from its execution to its reply; replies of
 * a connection leave in request order, so the commands still waiting for theirs form a queue per
 * connection (as in {@link CommandTimings}). An error reply marks the head: a rejection (the
 * command did not run: arity, unknown subcommand, state or leadership refusals, OOM) or a failure
 * (it ran and answered an error), as Redis 7 tells them apart. Node thread only.
 */
final class CommandLog {
    static final class Running {
        final String name;
        final byte[][] argv;
        final long nanos;
        boolean failed;
        boolean rejected;

        Running(String name, byte[][] argv, long nanos) {
            this.name = name;
            this.argv = argv;
            this.nanos = nanos;
        }
    }

    private final NodeContext ctx;
    final CommandStats stats = new CommandStats();
    final SlowLog slowlog;
    final LatencyMonitor latency;
    final Monitors monitors;
    /** latency-tracking, read once per change rather than once per command. */
    private volatile boolean tracking;

    CommandLog(NodeThread node) {
        this.ctx = node.context();
        this.tracking = ctx.config.bool("latency-tracking");
        ctx.config.onChange("latency-tracking", v -> tracking = v.equals("yes"));
        this.slowlog = new SlowLog(ctx);
        this.latency = new LatencyMonitor(ctx, stats);
        this.monitors = new Monitors(node);
    }

    void started(ClientSession s, ClientRequest r) {
        if (monitors.any()) monitors.feed(s, r);
        String name = statName(r);
        if (s.running == null) s.running = new ArrayDeque<>(4);
        s.running.add(new Running(name, r.argv(), System.nanoTime()));
    }

    /** The command's name for the statistics: the subcommand's for a container, null when Redis keeps none. */
    private static String statName(ClientRequest r) {
        ServerCommand c = r.classification().command();
        if (c == null || c.route() == Route.NOT_IMPLEMENTED) return null;
        if (!c.isSubcommand() && !ServerCommandTable.get().subcommands(c.name()).isEmpty()) return null;
        return c.name();
    }

    void error(ClientSession s, String error) {
        ArrayDeque<Running> q = s.running;
        if (q == null || q.isEmpty()) return;
        Running head = q.peek();
        if (rejection(error)) head.rejected = true;
        else head.failed = true;
    }

    private static boolean rejection(String e) {
        return e.startsWith("ERR wrong number of arguments") || e.startsWith("NOAUTH") || e.startsWith("NOPERM")
                || e.startsWith("MOVED") || e.startsWith("ASK ") || e.startsWith("CLUSTERDOWN") || e.startsWith("NOCLUSTER")
                || e.startsWith("LOADING") || e.startsWith("OOM") || e.startsWith("MISCONF") || e.startsWith("BUSY")
                || e.startsWith("TRYAGAIN") || e.startsWith("EXECABORT") || e.equals("ERR not supported by RedisRaft");
    }

    void answered(ClientSession s) {
        ArrayDeque<Running> q = s.running;
        if (q == null) return;
        Running c = q.poll();
        if (c == null || c.name == null) return;
        if (c.rejected) {
            stats.rejected(c.name);
            return;
        }
        long micros = (System.nanoTime() - c.nanos) / 1000;
        stats.called(c.name, micros, c.failed, tracking);
        if (!c.name.equals("exec")) slowlog.offer(s, c.argv, micros);
        latency.sample("command", micros / 1000);
    }

    /** Nothing to forget: a connection's unanswered commands go with its session. */
    void purgeClosed() {
    }

    /** CONFIG RESETSTAT: Redis resets the command and error statistics, the slow log and the latency events. */
    void reset() {
        stats.reset();
        slowlog.reset();
        latency.reset();
    }
}

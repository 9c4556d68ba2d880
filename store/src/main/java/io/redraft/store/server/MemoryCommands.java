package io.redraft.store.server;

import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import java.nio.charset.StandardCharsets;

/**
 * MEMORY and its subcommands, answered by the node that serves the read: all are flagged
 * readonly, which Redis does only for USAGE, so that they take the read path rather than the log
 * (none changes the dataset). A node's memory is the JVM's heap, so the
 * figures of STATS are the heap's as INFO memory reports them (used = heap in use, peak = heap
 * committed); what has no JVM counterpart (replication backlog, AOF buffer, the allocator's
 * fragmentation) is 0 or a ratio of 1, rather than a made-up figure.
 */
public final class MemoryCommands {
    private MemoryCommands() {}

    public static void register(CommandTable t) {
        t.container("memory", -2, "readonly");
        t.add("memory|usage", -3, "readonly", 2, 2, 1, MemoryUsage::usage);
        t.add("memory|stats", 2, "readonly random", 0, 0, 0, MemoryCommands::stats);
        t.add("memory|doctor", 2, "readonly random", 0, 0, 0, MemoryCommands::doctor);
        t.add("memory|malloc-stats", 2, "readonly random", 0, 0, 0,
                c -> c.out().bulk("Stats not supported for the current allocator".getBytes(StandardCharsets.US_ASCII)));
        t.add("memory|purge", 2, "readonly", 0, 0, 0, Call::ok);
        t.add("memory|help", 2, "readonly loading stale", 0, 0, 0, MemoryCommands::help);
    }

    private static final String[] HELP = {
            "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
            "HELP",
            "    Prints this help."};

    static void help(Call c) {
        c.out().arrayHeader(HELP.length);
        for (String l : HELP) c.out().status(l);
    }

    /** MEMORY STATS with Redis 7.0's fields in its order; db.0 only when the keyspace has keys. */
    static void stats(Call c) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long committed = rt.totalMemory();
        long keys = c.ks().size();
        long expires = c.ks().volatileKeys();
        boolean db = keys > 0;
        c.out().mapHeader(db ? 28 : 27);
        field(c, "peak.allocated", committed);
        field(c, "total.allocated", used);
        field(c, "startup.allocated", 0);
        field(c, "replication.backlog", 0);
        field(c, "clients.slaves", 0);
        field(c, "clients.normal", 0);
        field(c, "cluster.links", 0);
        field(c, "aof.buffer", 0);
        field(c, "lua.caches", 0);
        field(c, "functions.caches", 0);
        if (db) {
            name(c, "db.0");
            c.out().mapHeader(3);
            // The main dict and the expires dict as Redis would size them (table and entries).
            field(c, "overhead.hashtable.main", 56 + 24 * keys + 8 * slots(keys));
            field(c, "overhead.hashtable.expires", expires == 0 ? 0 : 56 + 24 * expires + 8 * slots(expires));
            field(c, "overhead.hashtable.slot-to-keys", 0);
        }
        field(c, "overhead.total", 0);
        field(c, "keys.count", keys);
        field(c, "keys.bytes-per-key", keys == 0 ? 0 : used / keys);
        field(c, "dataset.bytes", used);
        ratio(c, "dataset.percentage", used == 0 ? 0 : 100);
        ratio(c, "peak.percentage", committed == 0 ? 0 : 100.0 * used / committed);
        // The heap committed but not in use is memory the allocator holds without data, as
        // jemalloc's resident-but-inactive pages: it is the allocator-rss part, not fragmentation.
        field(c, "allocator.allocated", used);
        field(c, "allocator.active", used);
        field(c, "allocator.resident", committed);
        ratio(c, "allocator-fragmentation.ratio", 1);
        field(c, "allocator-fragmentation.bytes", 0);
        ratio(c, "allocator-rss.ratio", used == 0 ? 1 : (double) committed / used);
        field(c, "allocator-rss.bytes", committed - used);
        ratio(c, "rss-overhead.ratio", 1);
        field(c, "rss-overhead.bytes", 0);
        ratio(c, "fragmentation", used == 0 ? 1 : (double) committed / used);
        field(c, "fragmentation.bytes", committed - used);
    }

    private static void name(Call c, String name) {
        c.out().bulk(name.getBytes(StandardCharsets.US_ASCII));
    }

    private static void field(Call c, String name, long v) {
        name(c, name);
        c.out().integer(v);
    }

    /** Redis keeps these ratios as floats: the reply shows a float's digits. */
    private static void ratio(Call c, String name, double v) {
        name(c, name);
        c.out().doubleValue((float) v);
    }

    private static long slots(long n) {
        long b = 4;
        while (b < n) b <<= 1;
        return b;
    }

    /**
     * MEMORY DOCTOR: Redis's report reads allocator and RSS figures a JVM does not have; this
     * one reports what the node can tell about its heap.
     */
    static void doctor(Call c) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long max = rt.maxMemory();
        String report;
        if (max != Long.MAX_VALUE && used > max / 10 * 9) {
            report = "Sam, this node's heap is nearly full: " + used + " of at most " + max
                    + " bytes in use. Raise -Xmx, set maxmemory below it, or delete data.\n";
        } else {
            report = "Sam, I found no memory issue on this node. Its memory is the JVM heap: " + used
                    + " bytes in use of at most " + (max == Long.MAX_VALUE ? "unbounded" : Long.toString(max))
                    + "; allocator and RSS figures do not apply to it.\n";
        }
        c.out().verbatim("txt", report.getBytes(StandardCharsets.US_ASCII));
    }
}

package io.redraft.server.admin;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.server.ServerCommands;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's DEBUG HELP, SLEEP, POPULATE, SET-ACTIVE-EXPIRE, OBJECT ({@link DebugObject}) and RELOAD
 * ({@link DebugReload}), and JMAP ({@link HeapFacts}, Redraft's own); DIGEST and DIGEST-VALUE:
 * {@link ClientPath}. RedisRaft refuses DEBUG altogether; Redraft runs those Redis test suites
 * and tools lean on, with Redis's replies and its {@code enable-debug-command} guard. Redis's
 * other subcommands (CHANGE-REPL-ID among them) stay {@code not supported by RedisRaft}.
 *
 * <ul>
 *   <li>POPULATE is a write: it goes through the log (as {@code debug-populate}), so every node
 *       gets the same keys.</li>
 *   <li>SLEEP holds the calling connection only: Redis stops the whole server, which on a Raft
 *       node would stop heartbeats and cost an election.</li>
 *   <li>HELP is Redis 7.0's text.</li>
 * </ul>
 */
public final class DebugCommand {
    private DebugCommand() {}

    static final String NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is set to "
            + "\"local\", you can run it from a local connection, otherwise you need to set this option in the "
            + "configuration file, and then restart the server.";
    private static final String OUT_OF_RANGE = "ERR value is out of range, must be positive";

    private static final String[] HELP = {
            "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "AOF-FLUSH-SLEEP <microsec>",
            "    Server will sleep before flushing the AOF, this is used for testing.",
            "ASSERT",
            "    Crash by assertion failed.",
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
            "CRASH-AND-RECOVER [<milliseconds>]",
            "    Hard crash and restart after a <milliseconds> delay (default 0).",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LEAK <string>",
            "    Create a memory leak of the input string.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "HTSTATS-KEY <key>",
            "    Like HTSTATS but for the hash table stored at <key>'s value.",
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
            "REPLICATE <string>",
            "    Replicates the provided string to replicas, allowing data divergence.",
            "MALLCTL <key> [<val>]",
            "    Get or set a malloc tuning integer.",
            "MALLCTL-STR <key> [<val>]",
            "    Get or set a malloc tuning string.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "DROP-CLUSTER-PACKET-FILTER <packet-type>",
            "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
            "OOM",
            "    Crash the server simulating an out-of-memory error.",
            "PANIC",
            "    Crash the server simulating a panic.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "RESTART [<milliseconds>]",
            "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
            "SDSLEN <key>",
            "    Show low level SDS string info representing `key` and value.",
            "SEGFAULT",
            "    Crash the server with sigsegv.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "QUICKLIST-PACKED-THRESHOLD <size>",
            "    Sets the threshold for elements to be inserted as plain vs packed nodes",
            "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
            "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
            "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            "STRINGMATCH-TEST",
            "    Run a fuzz tester against the stringmatchlen() function.",
            "STRUCTSIZE",
            "    Return the size of different Redis core C structures.",
            "LISTPACK <key>",
            "    Show low level info about the listpack encoding of <key>.",
            "QUICKLIST <key> [<0|1>]",
            "    Show low level info about the quicklist encoding of <key>.",
            "    The optional argument (0 by default) sets the level of detail",
            "CLIENT-EVICTION",
            "    Show low level client eviction pools info (maxmemory-clients).",
            "PAUSE-CRON <0|1>",
            "    Stop periodic cron job processing.",
            "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
            "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
            "    In case NEVER is provided the last observed peak will never be reset",
            "    In case RESET is provided the peak reset time will be restored to the default value",
            "REPLYBUFFER RESIZING <0|1>",
            "    Enable or disable the reply buffer resize cron job",
            "CLUSTERLINK KILL <to|from|all> <node-id>",
            "    Kills the link based on the direction to/from (both) with the provided node.",
            "HELP",
            "    Prints this help."};

    /** Redis's DEBUG subcommands (from its HELP): those Redraft does not run are "not supported". */
    private static final Set<String> REDIS_SUBCOMMANDS;

    static {
        java.util.HashSet<String> names = new java.util.HashSet<>();
        for (int i = 1; i < HELP.length; i++) {
            if (!HELP[i].startsWith(" ")) names.add(HELP[i].split(" ")[0].toLowerCase(java.util.Locale.ROOT));
        }
        REDIS_SUBCOMMANDS = Set.copyOf(names);
    }

    /**
     * Answers the request, or returns the logged form of a valid POPULATE for the caller to write
     * (after the leader checks every write gets).
     */
    public static byte[][] run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error("ERR wrong number of arguments for 'debug' command");
            return null;
        }
        if (!allowed(rt.config().enableDebugCommand(), s)) {
            out.error(NOT_ALLOWED);
            return null;
        }
        String sub = lower(argv[1]);
        if (sub.equals("help") && argv.length == 2) {
            out.arrayHeader(HELP.length);
            for (String l : HELP) out.status(l);
        } else if (sub.equals("sleep") && argv.length == 3) {
            sleep(rt, s, strtod(new String(argv[2], StandardCharsets.ISO_8859_1)), out);
        } else if (sub.equals("populate") && argv.length >= 3 && argv.length <= 5) {
            Long count = positive(argv[2]);
            Long size = argv.length == 5 ? positive(argv[4]) : Long.valueOf(0);
            if (count == null || size == null) {
                out.error(OUT_OF_RANGE);
                return null;
            }
            byte[] prefix = argv.length >= 4 ? argv[3] : "key".getBytes(StandardCharsets.US_ASCII);
            return new byte[][] {ServerCommands.DEBUG_POPULATE.getBytes(StandardCharsets.US_ASCII),
                    Long.toString(count).getBytes(StandardCharsets.US_ASCII), prefix,
                    Long.toString(size).getBytes(StandardCharsets.US_ASCII)};
        } else if (sub.equals("set-active-expire") && argv.length == 3) {
            // Redis reads it with atoi: any non-zero integer part turns the leader's sweeps on.
            rt.expiry().enabled((long) strtod(new String(argv[2], StandardCharsets.ISO_8859_1)) != 0);
            out.status("OK");
        } else if (sub.equals("object") && argv.length == 3) {
            DebugObject.run(rt, argv[2], out);
        } else if (sub.equals("jmap") && argv.length == 2) {
            out.bulk(HeapFacts.report());
        } else if (sub.equals("reload")) {
            DebugReload.run(rt, s, argv, out);
        } else if (REDIS_SUBCOMMANDS.contains(sub) && !sub.equals("help") && !sub.equals("sleep") && !sub.equals("populate")
                && !sub.equals("object")) {
            out.error("ERR not supported by RedisRaft");
        } else {
            String name = new String(argv[1], StandardCharsets.ISO_8859_1);
            if (name.length() > 128) name = name.substring(0, 128);
            out.error("ERR unknown subcommand or wrong number of arguments for '" + name + "'. Try DEBUG HELP.");
        }
        return null;
    }

    /** Redis's allowProtectedAction: yes, or local with a loopback (or unix socket) client. */
    private static boolean allowed(String setting, ClientSession s) {
        if (setting.equals("yes")) return true;
        if (!setting.equals("local")) return false;
        int colon = s.addr.lastIndexOf(':');
        if (colon < 0) return true; // not an IP connection
        String host = s.addr.substring(0, colon);
        return host.equals("127.0.0.1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
    }

    /** getPositiveLongFromObject: a strict integer, 0 or more; null otherwise. */
    private static Long positive(byte[] arg) {
        Long v = io.redraft.store.Nums.parseLongOr(arg, null);
        return v == null || v < 0 ? null : v;
    }

    private static final Pattern FLOAT = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** strtod as DEBUG SLEEP reads its argument: the longest numeric prefix, else 0. */
    static double strtod(String s) {
        Matcher m = FLOAT.matcher(s);
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }

    private static void sleep(RaftRuntime rt, ClientSession s, double seconds, ReplySink out) {
        long nanos = seconds > 0 ? (long) Math.min(seconds * 1e9, (double) TimeUnit.DAYS.toNanos(365)) : 0;
        if (nanos <= 0) {
            out.status("OK");
            return;
        }
        rt.node().block(s);
        rt.node().schedule(nanos, () -> {
            rt.node().sink(s).status("OK");
            rt.node().complete(s);
        });
    }
}

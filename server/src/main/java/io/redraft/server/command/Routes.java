package io.redraft.server.command;

import java.util.Map;
import java.util.Set;

/**
 * The server's own routing decisions, the ones the store's table cannot make: commands the node
 * answers itself, the transaction commands, the RAFT.* commands it runs, and what it refuses by
 * design (RedisRaft's unsupported list, with RedisRaft's error). Every other command is routed by
 * the store: a write through the log, a read with ReadIndex; a command neither knows is not
 * implemented.
 */
final class Routes {
    private Routes() {}

    static final String NOT_SUPPORTED = "ERR not supported by RedisRaft";

    /**
     * Subscriptions are the node's own state, answered on any node in any Raft state (a subscriber
     * may use any node; docs/pubsub.md); PUBLISH and SPUBLISH are the store's and go through the log.
     */
    private static final Map<String, Set<String>> PUBSUB = Map.of(
            "subscribe", Set.of(), "psubscribe", Set.of(), "ssubscribe", Set.of(), "unsubscribe", Set.of(),
            "punsubscribe", Set.of(), "sunsubscribe", Set.of(), "reset", Set.of(),
            "pubsub", Set.of("channels", "numsub", "numpat", "shardchannels", "shardnumsub", "help"));

    private static Map<String, Set<String>> join(Map<String, Set<String>> a, Map<String, Set<String>> b) {
        Map<String, Set<String>> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return Map.copyOf(all);
    }

    /** Answered by the node in any state and never intercepted, with the subcommands it runs. */
    static final Map<String, Set<String>> NODE = join(PUBSUB, Map.ofEntries(
            Map.entry("ping", Set.of()), Map.entry("quit", Set.of()), Map.entry("hello", Set.of()),
            Map.entry("auth", Set.of()), Map.entry("time", Set.of()), Map.entry("info", Set.of()),
            Map.entry("asking", Set.of()), Map.entry("readonly", Set.of()), Map.entry("readwrite", Set.of()),
            Map.entry("acl", Set.of("cat", "dryrun", "genpass", "getuser", "help", "list", "log", "save", "users",
                    "whoami")),
            Map.entry("client", Set.of("id", "getname", "setname", "setinfo", "info", "list", "kill", "session",
                    "tracking", "caching", "getredir", "trackinginfo",
                    "reply", "pause", "unpause", "no-evict", "no-touch", "help", "unblock")),
            Map.entry("config", Set.of("get", "set", "resetstat", "rewrite")),
            Map.entry("command", Set.of("count", "docs", "getkeys", "getkeysandflags", "help", "info", "list")),
            // Server commands about this node (RedisRaft lets SLOWLOG, MONITOR and SHUTDOWN through
            // unintercepted; the others describe the node too, so they answer in any state as well).
            Map.entry("slowlog", Set.of("get", "len", "reset", "help")), Map.entry("monitor", Set.of()),
            Map.entry("shutdown", Set.of()),
            Map.entry("latency", Set.of("latest", "history", "reset", "doctor", "graph", "histogram", "help")),
            Map.entry("lastsave", Set.of()), Map.entry("role", Set.of()), Map.entry("lolwut", Set.of())));

    /**
     * Intercepted, then answered from the node's own state: ECHO and SELECT touch no data, CLUSTER
     * describes the Raft cluster (RedisRaft re-implements it, reference §9.3), DEBUG runs DIGEST,
     * DIGEST-VALUE, HELP and SLEEP here and logs POPULATE (its other subcommands are refused).
     */
    static final Map<String, Set<String>> LOCAL = Map.of(
            "echo", Set.of(), "select", Set.of(), "debug", Set.of(), "migrate", Set.of(), "wait", Set.of(),
            "waitaof", Set.of(),
            "cluster", Set.of("slots", "nodes", "shards", "info", "myid", "keyslot", "countkeysinslot",
                    "getkeysinslot"));

    static final Set<String> TRANSACTION = Set.of("multi", "exec", "discard", "watch", "unwatch");

    /** The RAFT.* commands this server runs (RedisRaft's, and Redraft's RAFT.PEER handshake). */
    static final Set<String> ADMIN = Set.of("raft.cluster", "raft.node", "raft.transfer_leader", "raft.entry",
            "raft.nodeshutdown", "raft.debug", "raft.peer", "raft.shardgroup", "raft.import", "raft.scan", "raft.ae", "raft.requestvote", "raft.snapshot",
            "raft.timeout_now");

    private static final String REPLICATION = "Redis replication: Raft replicates the dataset";
    private static final String PERSISTENCE = "the Raft log and its snapshots are the persistence (RAFT.DEBUG COMPACT)";

    /** Refused by design, as RedisRaft refuses them, with why. */
    static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("sync", REPLICATION), Map.entry("psync", REPLICATION), Map.entry("slaveof", REPLICATION),
            Map.entry("replicaof", REPLICATION),
            Map.entry("bgrewriteaof", "no AOF: " + PERSISTENCE), Map.entry("save", PERSISTENCE),
            Map.entry("bgsave", PERSISTENCE));

    static final String PREFIX = "raft";

    /** Why a route was chosen, for the commands the server decides itself. */
    static String reason(String name, Route route) {
        return switch (route) {
            case NODE -> PUBSUB.containsKey(name) ? "this node's own subscribers; messages delivered at apply (docs/pubsub.md)"
                    : "RedisRaft does not intercept it";
            case LOCAL -> switch (name) {
                case "cluster" -> "RedisRaft's CLUSTER, from the shard map: every group, each leader as master";
                case "wait" -> "counts the other nodes whose log holds the connection's last write";
                case "waitaof" -> "WAIT for fsynced logs: local 1 once committed, replicas as WAIT (raft.log-fsync yes)";
                case "debug" -> "DIGEST, DIGEST-VALUE, HELP, SLEEP, SET-ACTIVE-EXPIRE, OBJECT, JMAP, RELOAD here; POPULATE through the log; others refused";
                case "migrate" -> "moves keys to the group importing their slot: locked, sent, deleted through the log";
                default -> "touches no data";
            };
            case PREFIX -> "RAFT <command> sends the command through Raft";
            default -> "";
        };
    }
}

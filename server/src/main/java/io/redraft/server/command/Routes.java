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

    /** Answered by the node in any state and never intercepted, with the subcommands it runs. */
    static final Map<String, Set<String>> NODE = Map.of(
            "ping", Set.of(), "quit", Set.of(), "hello", Set.of(), "auth", Set.of(), "time", Set.of(),
            "info", Set.of(),
            "client", Set.of("id", "getname", "setname", "setinfo", "info", "list", "kill", "session", "unblock"),
            "config", Set.of("get", "set", "resetstat", "rewrite"),
            "command", Set.of("count", "docs", "getkeys", "getkeysandflags", "help", "info", "list"));

    /**
     * Intercepted, then answered from the node's own state: ECHO and SELECT touch no data, CLUSTER
     * describes the Raft cluster (RedisRaft re-implements it, reference §9.3), DEBUG runs DIGEST,
     * DIGEST-VALUE, HELP and SLEEP here and logs POPULATE (its other subcommands are refused).
     */
    static final Map<String, Set<String>> LOCAL = Map.of(
            "echo", Set.of(), "select", Set.of(), "debug", Set.of(),
            "cluster", Set.of("slots", "nodes", "shards"));

    static final Set<String> TRANSACTION = Set.of("multi", "exec", "discard", "watch", "unwatch");

    /** The RAFT.* commands this server runs (RedisRaft's, and Redraft's RAFT.PEER handshake). */
    static final Set<String> ADMIN = Set.of("raft.cluster", "raft.node", "raft.transfer_leader", "raft.entry",
            "raft.nodeshutdown", "raft.debug", "raft.peer", "raft.ae", "raft.requestvote", "raft.snapshot",
            "raft.timeout_now");

    private static final String REPLICATION = "Redis replication: Raft replicates the dataset";
    private static final String PERSISTENCE = "the Raft log and its snapshots are the persistence (RAFT.DEBUG COMPACT)";

    /** Refused by design, as RedisRaft refuses them, with why. */
    static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("sync", REPLICATION), Map.entry("psync", REPLICATION), Map.entry("slaveof", REPLICATION),
            Map.entry("replicaof", REPLICATION),
            Map.entry("reset", "in RedisRaft's unsupported list"),
            Map.entry("bgrewriteaof", "no AOF: " + PERSISTENCE), Map.entry("save", PERSISTENCE),
            Map.entry("bgsave", PERSISTENCE));

    static final String PREFIX = "raft";

    /** Why a route was chosen, for the commands the server decides itself. */
    static String reason(String name, Route route) {
        return switch (route) {
            case NODE -> "RedisRaft does not intercept it";
            case LOCAL -> switch (name) {
                case "cluster" -> "RedisRaft's CLUSTER: one shard, the leader as master";
                case "debug" -> "DIGEST, DIGEST-VALUE, HELP, SLEEP here; POPULATE through the log; others refused";
                default -> "touches no data";
            };
            case PREFIX -> "RAFT <command> sends the command through Raft";
            default -> "";
        };
    }
}

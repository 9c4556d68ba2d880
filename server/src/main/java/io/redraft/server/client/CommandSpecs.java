package io.redraft.server.client;

import io.redraft.server.command.DataCommands;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.Store;
import java.util.Collection;
import java.util.Map;

/**
 * RedisRaft's command spec table ({@code commands.c}): per lower-case command name, the flags
 * that decide interception, MULTI queueing and Lua handling, as {@code RAFT.DEBUG COMMANDSPEC}
 * shows them. RedisRaft builds it from its own list, then {@code raft.ignored-commands}
 * (don't-intercept), then Redis's COMMAND reply: the {@code readonly} flag and the
 * {@code nondeterministic_output} / {@code nondeterministic_output_order} tips. A command none of
 * these flags is not in the table. RedisRaft's own list is kept as RedisRaft has it; Redis's
 * flags and tips come from the server's command table, the store's random flag from the store.
 */
public final class CommandSpecs {
    public static final int READONLY = 2, WRITE = 4, UNSUPPORTED = 8, DONT_INTERCEPT = 16, SORT_REPLY = 32, RANDOM = 64,
            SCRIPTS = 128, BLOCKING = 256, MULTI = 512, SUBCOMMAND = 1024;

    private CommandSpecs() {}

    /** RedisRaft's own list. */
    private static final Map<String, Integer> OWN = Map.ofEntries(
            Map.entry("time", DONT_INTERCEPT | RANDOM),
            Map.entry("sync", UNSUPPORTED), Map.entry("psync", UNSUPPORTED), Map.entry("reset", UNSUPPORTED),
            Map.entry("bgrewriteaof", UNSUPPORTED), Map.entry("slaveof", UNSUPPORTED),
            Map.entry("replicaof", UNSUPPORTED), Map.entry("debug", UNSUPPORTED), Map.entry("save", UNSUPPORTED),
            Map.entry("bgsave", UNSUPPORTED),
            Map.entry("eval", SCRIPTS), Map.entry("evalsha", SCRIPTS), Map.entry("eval_ro", SCRIPTS),
            Map.entry("evalsha_ro", SCRIPTS), Map.entry("fcall", SCRIPTS), Map.entry("fcall_ro", SCRIPTS),
            Map.entry("brpop", BLOCKING), Map.entry("brpoplpush", BLOCKING), Map.entry("blmove", BLOCKING),
            Map.entry("blpop", BLOCKING), Map.entry("blmpop", BLOCKING), Map.entry("bzpopmin", BLOCKING),
            Map.entry("bzpopmax", BLOCKING), Map.entry("bzmpop", BLOCKING),
            // Streams run here (RedisRaft refuses them, flagging each UNSUPPORTED): only the random tip stays.
            Map.entry("xadd", RANDOM), Map.entry("xack", RANDOM), Map.entry("xpending", RANDOM),
            Map.entry("xclaim", RANDOM), Map.entry("xautoclaim", RANDOM), Map.entry("xtrim", RANDOM),
            Map.entry("subscribe", DONT_INTERCEPT), Map.entry("psubscribe", DONT_INTERCEPT),
            Map.entry("unsubscribe", DONT_INTERCEPT), Map.entry("punsubscribe", DONT_INTERCEPT),
            Map.entry("publish", DONT_INTERCEPT), Map.entry("pubsub", DONT_INTERCEPT),
            Map.entry("auth", DONT_INTERCEPT), Map.entry("ping", DONT_INTERCEPT), Map.entry("hello", DONT_INTERCEPT),
            Map.entry("module", DONT_INTERCEPT), Map.entry("config", DONT_INTERCEPT),
            Map.entry("monitor", DONT_INTERCEPT), Map.entry("command", DONT_INTERCEPT),
            Map.entry("shutdown", DONT_INTERCEPT), Map.entry("quit", DONT_INTERCEPT),
            Map.entry("slowlog", DONT_INTERCEPT), Map.entry("acl", DONT_INTERCEPT),
            Map.entry("multi", MULTI),
            Map.entry("raft", DONT_INTERCEPT), Map.entry("raft.entry", DONT_INTERCEPT),
            Map.entry("raft.cluster", DONT_INTERCEPT), Map.entry("raft.shardgroup", DONT_INTERCEPT),
            Map.entry("raft.node", DONT_INTERCEPT), Map.entry("raft.ae", DONT_INTERCEPT),
            Map.entry("raft.requestvote", DONT_INTERCEPT), Map.entry("raft.snapshot", DONT_INTERCEPT),
            Map.entry("raft.debug", DONT_INTERCEPT), Map.entry("raft.nodeshutdown", DONT_INTERCEPT),
            Map.entry("raft.transfer_leader", DONT_INTERCEPT), Map.entry("raft.timeout_now", DONT_INTERCEPT),
            Map.entry("raft._sort_reply", DONT_INTERCEPT), Map.entry("raft._reject_random_command", DONT_INTERCEPT),
            Map.entry("raft.import", DONT_INTERCEPT), Map.entry("raft.scan", READONLY),
            Map.entry("client", SUBCOMMAND | DONT_INTERCEPT));

    /**
     * Redis 7.2's {@code nondeterministic_output} tip where RedisRaft's table (built against 7.2)
     * differs from the 7.0 facts of the command table: the node's INFO, LASTSAVE and ROLE.
     */
    private static final Map<String, Integer> TIPS_7_2 = Map.of("info", RANDOM, "lastsave", RANDOM, "role", RANDOM);

    /** The flags of {@code name} (lower case), or 0 when RedisRaft's table has no entry for it. */
    public static int of(String name, Collection<String> ignored) {
        int flags = OWN.getOrDefault(name, 0) | TIPS_7_2.getOrDefault(name, 0);
        if (ignored.contains(name)) flags |= DONT_INTERCEPT;
        ServerCommand c = name.contains("|") ? null : ServerCommandTable.get().lookup(name);
        if (c == null) return flags;
        boolean orderTip = c.info().tips().contains("nondeterministic_output_order");
        if (orderTip) flags |= SORT_REPLY;
        // Redis's readonly flag: a command read with ReadIndex, or one refused (streams) that Redis flags so.
        if (c.route() == Route.READ_INDEX || (c.route() == Route.REFUSED && c.info().has("readonly"))) flags |= READONLY;
        if (c.route() == Route.READ_INDEX || c.route() == Route.REPLICATED) {
            // the store marks KEYS random; Redis tips it with output order only
            CommandSpec spec = DataCommands.table().lookup(name);
            if (spec != null && spec.has(CommandFlag.RANDOM) && !orderTip) flags |= RANDOM;
        }
        return flags;
    }
}

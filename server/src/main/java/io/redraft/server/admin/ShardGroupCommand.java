package io.redraft.server.admin;

import static io.redraft.server.node.Replies.lower;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Replies;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupArgs;
import io.redraft.server.shard.ShardGroupError;
import io.redraft.server.shard.ShardGroupFetch;
import io.redraft.server.shard.ShardGroupReply;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.ShardNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * RAFT.SHARDGROUP GET / ADD / REPLACE / LINK with RedisRaft's checks, order and replies (reference
 * §9.2). A change is validated against the applied map, then logged as its own kind of entry; the
 * client is answered when the entry is applied, with the outcome every node of the group saw.
 */
public final class ShardGroupCommand {
    private static final Logger log = LogSetup.raft("shardgroup");

    private ShardGroupCommand() {}

    static void run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(typedArity(argv));
            return;
        }
        if (!rt.config().sharding()) {
            out.error("ERR RedisRaft sharding not enabled");
            return;
        }
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err != null) {
            out.error(err);
            return;
        }
        String sub = lower(argv[1]);
        try {
            switch (sub) {
                case "get" -> get(rt, out);
                // Redraft's: the whole applied map with slot states and migration session keys, in
                // ShardMap's text form, so that an orchestrator can resume a move it did not finish.
                case "map" -> out.bulk(rt.shards().map().encode());
                case "add" -> {
                    if (argv.length < 4) throw arity();
                    ShardGroup g = ShardGroupArgs.add(argv, 2);
                    rt.shards().map().add(g);
                    propose(rt, EntryType.ADD_SHARDGROUP, List.of(g), s, out);
                }
                case "replace" -> {
                    if (argv.length < 4) throw arity();
                    List<ShardGroup> groups = ShardGroupArgs.replace(argv, 2);
                    rt.shards().map().replace(groups);
                    propose(rt, EntryType.REPLACE_SHARDGROUPS, groups, s, out);
                }
                case "link" -> {
                    if (argv.length != 3) throw arity();
                    link(rt, s, new String(argv[2], StandardCharsets.ISO_8859_1), out);
                }
                default -> out.error("RAFT.SHARDGROUP supports GET/ADD/REPLACE/LINK only");
            }
        } catch (ShardGroupError e) {
            out.error(e.arity ? typedArity(argv) : e.getMessage());
        }
    }

    private static ShardGroupError arity() {
        return ShardGroupError.wrongArity();
    }

    /** A module's wrong-arity error names the command as the client typed it (RedisModule_WrongArity). */
    private static String typedArity(byte[][] argv) {
        return "ERR wrong number of arguments for '" + new String(argv[0], StandardCharsets.UTF_8) + "' command";
    }

    /** This group as others see it: its id, its ranges, and its voting members with their cluster ids. */
    static void get(RaftRuntime rt, ReplySink out) {
        ShardGroupReply.write(rt.shards().map().local(), localNodes(rt), out);
    }

    /**
     * The local group's nodes as the map's other groups know them: the voting members, the leader
     * first. RedisRaft lists them in configuration order; putting the leader first lets the other
     * groups' CLUSTER SLOTS name it as the master, so that clients send to it directly.
     */
    public static List<ShardNode> localNodes(RaftRuntime rt) {
        List<ShardNode> nodes = new ArrayList<>();
        int leader = rt.core().leaderId();
        for (ClusterConfig.Member m : rt.core().config().members()) {
            if (!m.voting()) continue;
            ShardNode n = ShardNode.parse(ShardNode.clusterId(rt.dbid(), m.id()), m.address());
            if (n == null) continue;
            if (m.id() == leader) nodes.add(0, n);
            else nodes.add(n);
        }
        return nodes;
    }

    private static void propose(RaftRuntime rt, EntryType type, List<ShardGroup> groups, ClientSession s, ReplySink out) {
        try {
            rt.proposeShardChange(type, ShardMap.encodeGroups(groups), s);
        } catch (RaftException e) {
            out.error(RaftRuntime.err(e));
        }
    }

    /**
     * LINK: fetch the other group through any of its nodes, then log it as an ADD. The client is
     * blocked meanwhile; the fetch gives up after {@code raft.join-timeout}.
     */
    private static void link(RaftRuntime rt, ClientSession s, String address, ReplySink out) {
        ShardNode to = ShardNode.parse("0".repeat(ShardNode.ID_LENGTH), address);
        if (to == null) {
            out.error("ERR invalid address/port specified");
            return;
        }
        rt.node().block(s);
        ShardGroupFetch.start(rt.peers(), to, rt.config().joinTimeoutMs(), (g, why) -> {
            ReplySink reply = rt.node().sink(s);
            if (g == null) {
                log.warn("Shard group link to {} failed: {}", address, why);
                reply.error("ERR failed to connect to cluster for link, please check logs");
                rt.node().complete(s);
                return;
            }
            String err = rt.stateError();
            if (err == null) err = rt.leaderError();
            if (err == null && g.id().equals(rt.dbid())) err = "ERR cannot link a shard group to itself";
            if (err == null) {
                try {
                    rt.shards().map().add(g);
                } catch (ShardGroupError e) {
                    err = e.getMessage();
                }
            }
            if (err != null) {
                reply.error(err);
                rt.node().complete(s);
                return;
            }
            try {
                // Already blocked: proposeShardChange blocks again, which is harmless, and answers at apply.
                rt.proposeShardChange(EntryType.ADD_SHARDGROUP, ShardMap.encodeGroups(List.of(g)), s);
                log.info("Linked shard group {} through {}", g.id(), address);
            } catch (RaftException e) {
                reply.error(RaftRuntime.err(e));
                rt.node().complete(s);
            }
        });
    }
}

package io.redraft.server.admin;

import static io.redraft.server.node.Replies.lower;

import io.redraft.raft.ClusterConfig;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.Replies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER SLOTS / NODES / SHARDS as RedisRaft answers them without sharding (reference §9.3):
 * one shard owning slots 0-16383, the leader as its master and the other voters as replicas, so
 * that cluster-aware clients find the leader. Node ids are 40 characters: the dbid and the Raft
 * node id as 8 hex digits.
 */
public final class ClusterCommand {
    private ClusterCommand() {}

    public static void run(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (argv.length != 2) {
            out.error(argv.length < 2 ? Replies.arity("cluster") : Replies.arity("cluster|" + lower(argv[1])));
            return;
        }
        String sub = lower(argv[1]);
        if (!sub.equals("slots") && !sub.equals("nodes") && !sub.equals("shards")) {
            out.error("ERR Unknown subcommand.");
            return;
        }
        String err = rt.stateError();
        if (err == null && rt.core().leaderId() == 0) err = "CLUSTERDOWN No raft leader";
        if (err != null) {
            out.error(err);
            return;
        }
        List<ClusterConfig.Member> nodes = ordered(rt);
        switch (sub) {
            case "slots" -> {
                out.arrayHeader(1);
                out.arrayHeader(2 + nodes.size());
                out.integer(0);
                out.integer(16383);
                for (ClusterConfig.Member m : nodes) {
                    out.arrayHeader(3);
                    out.bulk(bytes(host(m)));
                    out.integer(port(m));
                    out.bulk(bytes(nodeId(rt, m.id())));
                }
            }
            case "nodes" -> {
                StringBuilder sb = new StringBuilder();
                int leader = rt.core().leaderId();
                for (ClusterConfig.Member m : nodes) {
                    boolean isLeader = m.id() == leader;
                    String flags = (m.id() == rt.core().id() ? "myself," : "") + (isLeader ? "master" : "slave");
                    sb.append(nodeId(rt, m.id())).append(' ').append(host(m)).append(':').append(port(m)).append('@')
                            .append(port(m)).append(' ').append(flags).append(' ')
                            .append(isLeader ? "-" : nodeId(rt, leader)).append(" 0 0 ").append(rt.core().term())
                            .append(" connected").append(isLeader ? " 0-16383" : "").append('\n');
                }
                out.bulk(bytes(sb.toString()));
            }
            default -> {
                out.arrayHeader(1);
                out.mapHeader(2);
                out.bulk(bytes("slots"));
                out.arrayHeader(2);
                out.integer(0);
                out.integer(16383);
                out.bulk(bytes("nodes"));
                out.arrayHeader(nodes.size());
                for (ClusterConfig.Member m : nodes) {
                    out.mapHeader(7);
                    out.bulk(bytes("id"));
                    out.bulk(bytes(nodeId(rt, m.id())));
                    out.bulk(bytes("port"));
                    out.integer(port(m));
                    out.bulk(bytes("ip"));
                    out.bulk(bytes(host(m)));
                    out.bulk(bytes("endpoint"));
                    out.bulk(bytes(host(m)));
                    out.bulk(bytes("role"));
                    out.bulk(bytes(m.id() == rt.core().leaderId() ? "master" : "replica"));
                    out.bulk(bytes("replication-offset"));
                    out.integer(0);
                    out.bulk(bytes("health"));
                    out.bulk(bytes("online"));
                }
            }
        }
    }

    /** The leader first, then the other voting members in configuration order. */
    private static List<ClusterConfig.Member> ordered(RaftRuntime rt) {
        List<ClusterConfig.Member> out = new ArrayList<>();
        ClusterConfig cfg = rt.core().config();
        ClusterConfig.Member leader = cfg.member(rt.core().leaderId());
        if (leader != null) out.add(leader);
        for (ClusterConfig.Member m : cfg.members()) if (m != leader && m.voting()) out.add(m);
        return out;
    }

    static String nodeId(RaftRuntime rt, int id) {
        return rt.dbid() + String.format("%08x", id);
    }

    private static String host(ClusterConfig.Member m) {
        int colon = m.address().lastIndexOf(':');
        return colon < 0 ? m.address() : m.address().substring(0, colon);
    }

    private static int port(ClusterConfig.Member m) {
        int colon = m.address().lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(m.address().substring(colon + 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

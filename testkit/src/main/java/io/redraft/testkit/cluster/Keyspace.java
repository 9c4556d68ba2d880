package io.redraft.testkit.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/** Reads keys from the cluster: through the leader, or straight from one node's own keyspace. */
public final class Keyspace {
    private static final int BATCH = 500;

    private Keyspace() {}

    /** MGET through the leader (a linearizable read), in batches. */
    public static Map<String, String> viaLeader(NodeProcess leader, List<String> keys) {
        try (Jedis j = leader.jedis()) {
            return mget(keys, batch -> j.mget(batch.toArray(String[]::new)));
        }
    }

    /**
     * MGET executed on the node itself, bypassing Raft ({@code RAFT.DEBUG EXEC}), so that a
     * follower's own copy of the data is read rather than the leader's.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, String> local(NodeProcess node, List<String> keys) {
        try (Jedis j = node.jedis()) {
            return mget(keys, batch -> {
                List<String> words = new ArrayList<>(List.of("RAFT.DEBUG", "EXEC", "MGET"));
                words.addAll(batch);
                return (List<String>) Cmd.call(j, words.toArray(String[]::new));
            });
        }
    }

    private static Map<String, String> mget(List<String> keys, java.util.function.Function<List<String>, List<String>> mget) {
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            List<String> values = mget.apply(batch);
            for (int i = 0; i < batch.size(); i++) out.put(batch.get(i), values.get(i));
        }
        return out;
    }

    /** DEBUG DIGEST of every node's own keyspace, in node order (equal contents give equal digests). */
    public static List<String> digests(LocalCluster c) {
        List<String> out = new ArrayList<>();
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                out.add(Cmd.string(j, "DEBUG", "DIGEST"));
            }
        }
        return out;
    }

    /** DBSIZE of the node's own keyspace. */
    public static long localSize(NodeProcess node) {
        try (Jedis j = node.jedis()) {
            return (Long) Cmd.call(j, "RAFT.DEBUG", "EXEC", "DBSIZE");
        }
    }

    /** SET key<i> value<i> for i in [from, to), pipelined (the server pipelines writes through the log); all must be OK. */
    public static void write(NodeProcess leader, String keyPrefix, String valuePrefix, int from, int to) {
        try (Jedis j = leader.jedis()) {
            var p = j.pipelined();
            for (int i = from; i < to; i++) p.set(keyPrefix + i, valuePrefix + i);
            List<Object> replies = p.syncAndReturnAll();
            for (int i = 0; i < replies.size(); i++) {
                if (!"OK".equals(replies.get(i))) {
                    throw new AssertionError("SET " + keyPrefix + (from + i) + " on " + leader.name() + " replied " + replies.get(i));
                }
            }
        }
    }
}

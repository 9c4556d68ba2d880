package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Property 12 of issue #8: expiry gives the same answer on every replica whatever the node clocks
 * say. Followers' clocks are skewed by minutes and the leader's jumps by an hour (the test-only
 * {@code RAFT.DEBUG CLOCK}); keys are written with EX and PX through every node (follower proxy).
 * Only the "now" the leader logs with a command may decide expiry: every replica must keep the
 * same keyspace (DEBUG DIGEST, absolute expiry times), and reads through any node must agree.
 */
@Tag("cluster")
class ClockSkewExpiryTest {
    private static final long MINUTE = 60_000;

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void replicasAgreeOnExpiryWhateverTheirClocksSay() {
        LocalCluster c = clusters.formed(3, "--raft.test-hooks", "yes", "--raft.follower-proxy", "yes");
        int leader = c.leader();
        List<NodeProcess> followers = c.nodes().stream().filter(n -> n.number() != leader).toList();
        clock(followers.get(0), 10 * MINUTE);
        clock(followers.get(1), -10 * MINUTE);

        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(j.set("ex:" + n.number() + ":" + i, "v", SetParams.setParams().ex(120))).isEqualTo("OK");
                    assertThat(j.set("px:" + n.number() + ":" + i, "v", SetParams.setParams().px(1500))).isEqualTo("OK");
                    assertThat(j.set("hour:" + n.number() + ":" + i, "v", SetParams.setParams().ex(3600))).isEqualTo("OK");
                }
            }
        }
        allApplied(c);
        assertSameEverywhere(c, "after writes with EX and PX through skewed nodes", true);
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                for (NodeProcess origin : c.nodes()) {
                    String key = "ex:" + origin.number() + ":0";
                    assertThat(j.get(key)).as("GET %s through %s", key, n.name()).isEqualTo("v");
                    assertThat(j.ttl(key)).as("TTL %s through %s", key, n.name()).isBetween(100L, 120L);
                }
            }
        }

        // The PX keys run out by the leader's clock; every node must say so, and keep the same
        // (unswept) keyspace meanwhile.
        // Wait for the last one written (node3's loop ran last): under load the writes span more
        // than the keys' 1.5 s, so the first one expiring says nothing about the others.
        c.waitFor("px keys expired by the leader's clock", () -> {
            try (Jedis j = c.node(leader).jedis()) {
                for (NodeProcess n : c.nodes()) if (j.get("px:" + n.number() + ":19") != null) return false;
                return true;
            }
        });
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                assertThat(j.get("px:" + leader + ":3")).as("through %s", n.name()).isNull();
                assertThat(j.get("hour:" + leader + ":3")).as("through %s", n.name()).isEqualTo("v");
            }
        }
        assertSameEverywhere(c, "after the PX keys ran out", true);

        // The leader's clock jumps an hour ahead: by its clock the EX 120 keys are gone, by the
        // followers' they are not. A write meeting such a key must do the same on every replica.
        clock(c.node(leader), 61 * MINUTE);
        try (Jedis j = followers.get(1).jedis()) {
            assertThat(j.append("ex:" + leader + ":5", "x")).as("APPEND to a key expired by the leader's clock").isEqualTo(1L);
            assertThat(j.incr("hour:" + leader + ":5:n")).isEqualTo(1L);
        }
        allApplied(c);
        // Each node's own PEXPIRETIME now depends on its clock (an hour-long key is gone for the
        // leader only), so only the digest, which is clock-free, is compared.
        assertSameEverywhere(c, "after writes meeting keys expired by the leader's clock only", false);
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                assertThat(j.get("ex:" + leader + ":5")).as("through %s", n.name()).isEqualTo("x");
                assertThat(j.get("hour:" + leader + ":0")).as("an hour later, through %s", n.name()).isNull();
            }
        }
        for (NodeProcess n : c.nodes()) clock(n, 0);
    }

    private static void clock(NodeProcess n, long offsetMillis) {
        try (Jedis j = n.jedis()) {
            assertThat(Cmd.string(j, "RAFT.DEBUG", "CLOCK", Long.toString(offsetMillis))).isEqualTo("OK");
        }
    }

    private static void allApplied(LocalCluster c) {
        long commit = c.info(c.leader()).commitIndex();
        c.waitFor("every node to apply " + commit, () -> c.nodes().stream().allMatch(n -> c.info(n.number()).lastApplied() >= commit));
    }

    /**
     * Each node's own keyspace: DEBUG DIGEST (covers expiry times and unswept expired keys) and,
     * while no node's clock has passed it, an absolute expiry read from each node's own copy.
     */
    private static void assertSameEverywhere(LocalCluster c, String when, boolean expiryToo) {
        // The leader's active expiry logs the deletion of keys its clock says are gone at any
        // moment: a node that has not applied that entry yet differs for a while. Replicas that
        // diverged never converge, so waiting for equal digests still fails them.
        List<String> digests = new ArrayList<>();
        c.waitFor("every node's DEBUG DIGEST equal " + when, () -> {
            digests.clear();
            for (NodeProcess n : c.nodes()) {
                try (Jedis j = n.jedis()) {
                    digests.add(Cmd.string(j, "DEBUG", "DIGEST"));
                }
            }
            return digests.stream().distinct().count() == 1;
        });
        List<Object> expiries = new ArrayList<>();
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                expiries.add(Cmd.call(j, "RAFT.DEBUG", "EXEC", "PEXPIRETIME", "hour:1:7"));
            }
        }
        assertThat(digests).as("DEBUG DIGEST of every node %s", when).containsOnly(digests.get(0));
        assertThat(digests.get(0)).isNotEqualTo("0".repeat(40));
        if (expiryToo) {
            assertThat(expiries).as("PEXPIRETIME hour:1:7 on every node's own copy %s", when).containsOnly(expiries.get(0));
            assertThat((Long) expiries.get(0)).isPositive();
        }
    }
}

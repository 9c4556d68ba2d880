package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What a client of a follower can count on (issue 8, properties 9 and 10; Jepsen found RedisRaft's
 * follower proxy handing replies to the wrong client): through the proxy every client gets exactly
 * its own replies, in order, also while the leader is killed; a write is never applied twice
 * because it was forwarded; and a transaction that is aborted, discarded, refused by WATCH or cut
 * off by a failover leaves no trace, or all of itself.
 */
@Tag("cluster")
class ClientGuaranteesTest {
    private static final int CLIENTS = 6;

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void proxiedClientsGetExactlyTheirOwnRepliesInOrder() throws Exception {
        LocalCluster c = clusters.formed(3, "--raft.follower-proxy", "yes");
        int leader = c.leader();
        List<NodeProcess> followers = c.nodes().stream().filter(n -> n.number() != leader).toList();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<ProxiedClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) clients.add(new ProxiedClient(i, followers.get(i % 2), stop, rounds, violations));
        List<Thread> threads = clients.stream().map(pc -> Thread.ofPlatform().name("client-" + pc.id).start(pc)).toList();
        try {
            c.waitFor("300 pipelined rounds through the followers", () -> rounds.get() >= 300 || !violations.isEmpty());
            c.node(leader).kill9();
            int atKill = rounds.get();
            c.waitFor("300 more rounds after killing the leader", () -> rounds.get() >= atKill + 300 || !violations.isEmpty());
            c.node(leader).restart();
            c.awaitStable(3);
            int atRestart = rounds.get();
            c.waitFor("100 more rounds with every node back", () -> rounds.get() >= atRestart + 100 || !violations.isEmpty());
        } finally {
            stop.set(true);
            for (Thread t : threads) t.join();
        }
        assertThat(violations).as("replies a client should never have seen").isEmpty();
        try (Jedis j = c.node(c.leader()).jedis()) {
            for (ProxiedClient pc : clients) {
                long value = Long.parseLong(j.get("ctr:" + pc.id));
                assertThat(value).as("client %d's counter: each acknowledged INCR once, unknown ones at most once", pc.id)
                        .isBetween(pc.last, pc.last + pc.unknown);
            }
        }
        System.out.printf("proxy: %d rounds of 6 pipelined commands by %d clients, %d INCRs of unknown outcome%n",
                rounds.get(), CLIENTS, clients.stream().mapToLong(pc -> pc.unknownTotal).sum());
    }

    /** One client pipelining INCR, ECHO, SET, GET through a follower and checking every reply. */
    private static final class ProxiedClient implements Runnable {
        final int id;
        final NodeProcess node;
        final AtomicBoolean stop;
        final AtomicInteger rounds;
        final List<String> violations;
        /** The counter's last value this client saw, and how many INCRs since then had no answer. */
        long last;
        long unknown;
        long unknownTotal;

        ProxiedClient(int id, NodeProcess node, AtomicBoolean stop, AtomicInteger rounds, List<String> violations) {
            this.id = id;
            this.node = node;
            this.stop = stop;
            this.rounds = rounds;
            this.violations = violations;
        }

        @Override
        public void run() {
            Jedis j = null;
            for (int round = 0; !stop.get() && violations.isEmpty(); round++) {
                try {
                    if (j == null) j = node.jedis();
                    Pipeline p = j.pipelined();
                    String key = "own:" + id + ":" + round;
                    String value = "val:" + id + ":" + round;
                    p.incr("ctr:" + id);
                    p.sendCommand(Protocol.Command.ECHO, "tok:" + id + ":" + round + ":0");
                    p.set(key, value);
                    p.get(key);
                    p.incr("ctr:" + id);
                    p.sendCommand(Protocol.Command.ECHO, "tok:" + id + ":" + round + ":1");
                    List<Object> replies = p.syncAndReturnAll();
                    check(round, key, value, replies);
                    rounds.incrementAndGet();
                } catch (JedisConnectionException e) {
                    // The pipeline's fate is unknown: both INCRs may or may not have happened.
                    unknown += 2;
                    unknownTotal += 2;
                    if (j != null) j.close();
                    j = null;
                }
            }
            if (j != null) j.close();
        }

        private void check(int round, String key, String value, List<Object> r) {
            if (r.size() != 6) violations.add("client " + id + " round " + round + ": " + r.size() + " replies to 6 commands");
            incr(round, r.get(0));
            echo(round, r.get(1), "tok:" + id + ":" + round + ":0");
            boolean setOk = "OK".equals(r.get(2));
            Object got = r.get(3);
            if (!(got instanceof JedisDataException)) {
                if (setOk && !value.equals(got)) {
                    violations.add("client " + id + " round " + round + ": GET after an acknowledged SET gave " + got);
                } else if (got != null && !value.equals(got)) {
                    violations.add("client " + id + " round " + round + ": GET of its own key gave " + got);
                }
            }
            incr(round, r.get(4));
            echo(round, r.get(5), "tok:" + id + ":" + round + ":1");
        }

        private void echo(int round, Object reply, String want) {
            if (reply instanceof JedisDataException) return;
            if (reply instanceof byte[] b) reply = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            if (!want.equals(reply)) violations.add("client " + id + " round " + round + ": ECHO " + want + " answered " + reply);
        }

        private void incr(int round, Object reply) {
            if (reply instanceof Long v) {
                // A forwarded INCR applied twice would skip a value with no unanswered INCR to explain it.
                if (v <= last || v > last + 1 + unknown) {
                    violations.add("client " + id + " round " + round + ": INCR gave " + v + " after " + last
                            + " with " + unknown + " INCRs of unknown outcome in between");
                }
                last = v;
                unknown = 0;
            } else if (reply instanceof JedisDataException) {
                unknown++;
                unknownTotal++;
            } else {
                violations.add("client " + id + " round " + round + ": INCR answered " + reply);
            }
        }
    }

    @Test
    void abortedDiscardedAndWatchRefusedTransactionsLeaveNoTrace() {
        LocalCluster c = clusters.formed(3, "--raft.follower-proxy", "yes");
        int leader = c.leader();
        NodeProcess follower = c.nodes().stream().filter(n -> n.number() != leader).findFirst().orElseThrow();
        for (NodeProcess via : List.of(c.node(leader), follower)) {
            String p = via.name() + ":";
            try (Jedis j = via.jedis(); Jedis other = via.jedis()) {
                // An error while queuing (wrong arity, unknown command) aborts the whole transaction.
                assertThat(Cmd.string(j, "MULTI")).isEqualTo("OK");
                assertThat(Cmd.string(j, "SET", p + "a", "1")).isEqualTo("QUEUED");
                assertThatThrownBy(() -> Cmd.call(j, "SET", p + "b")).hasMessageContaining("wrong number of arguments");
                assertThat(Cmd.string(j, "INCR", p + "n")).isEqualTo("QUEUED");
                assertThatThrownBy(() -> Cmd.call(j, "EXEC")).hasMessageStartingWith("EXECABORT");
                assertThat(Cmd.string(j, "MULTI")).isEqualTo("OK");
                assertThat(Cmd.string(j, "SET", p + "a", "1")).isEqualTo("QUEUED");
                assertThatThrownBy(() -> Cmd.call(j, "NOSUCHCOMMAND", "x")).hasMessageContaining("unknown command");
                assertThatThrownBy(() -> Cmd.call(j, "EXEC")).hasMessageStartingWith("EXECABORT");
                // DISCARD drops what was queued.
                assertThat(Cmd.string(j, "MULTI")).isEqualTo("OK");
                assertThat(Cmd.string(j, "SET", p + "c", "1")).isEqualTo("QUEUED");
                assertThat(Cmd.string(j, "DISCARD")).isEqualTo("OK");
                // A watched key changed by another client: EXEC answers nil and runs nothing.
                assertThat(Cmd.string(j, "WATCH", p + "w")).isEqualTo("OK");
                assertThat(Cmd.string(other, "SET", p + "w", "changed")).isEqualTo("OK");
                assertThat(Cmd.string(j, "MULTI")).isEqualTo("OK");
                assertThat(Cmd.string(j, "SET", p + "d", "1")).isEqualTo("QUEUED");
                assertThat(Cmd.call(j, "EXEC")).isNull();
                for (String k : List.of("a", "b", "c", "d", "n")) {
                    assertThat(Cmd.call(other, "EXISTS", p + k)).as("%s%s after the refused transactions", p, k).isEqualTo(0L);
                }
            }
        }
        long commit = c.info(c.leader()).commitIndex();
        c.waitFor("every node to apply " + commit, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= commit));
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                // Only the two "w" keys, in each node's own copy (RAFT.DEBUG EXEC reads locally).
                assertThat(Cmd.call(j, "RAFT.DEBUG", "EXEC", "DBSIZE")).as("keys on %s", n.name()).isEqualTo(2L);
            }
        }
    }

    /** MULTI/EXEC cut off by kill -9 of the leader: each transaction is on every node whole, or not at all. */
    @Test
    void transactionsCutOffByFailoverAreAllOrNothing() throws Exception {
        LocalCluster c = clusters.formed(3, "--raft.follower-proxy", "yes");
        int leader = c.leader();
        List<NodeProcess> followers = c.nodes().stream().filter(n -> n.number() != leader).toList();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger done = new AtomicInteger();
        var acknowledged = ConcurrentHashMap.<String>newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            NodeProcess via = followers.get(i % 2);
            threads.add(Thread.ofPlatform().start(() -> {
                Jedis j = null;
                for (int n = 0; !stop.get(); n++) {
                    String tok = id + ":" + n;
                    try {
                        if (j == null) j = via.jedis();
                        Transaction t = j.multi();
                        Response<Long> a = t.rpush("la", tok);
                        t.rpush("lb", tok);
                        t.exec();
                        a.get();
                        acknowledged.add(tok);
                        done.incrementAndGet();
                    } catch (JedisConnectionException e) {
                        if (j != null) j.close();
                        j = null;
                    } catch (JedisDataException e) {
                        // unknown outcome (CLUSTERDOWN, TIMEOUT, ...): checked below as all or nothing
                        if (j != null) j.close();
                        j = null;
                    }
                }
                if (j != null) j.close();
            }));
        }
        try {
            c.waitFor("200 transactions", () -> done.get() >= 200);
            c.node(leader).kill9();
            int atKill = done.get();
            c.waitFor("200 more transactions after the kill", () -> done.get() >= atKill + 200);
            c.node(leader).restart();
            c.awaitStable(3);
        } finally {
            stop.set(true);
            for (Thread t : threads) t.join();
        }
        int now = c.leader();
        long commit = c.info(now).commitIndex();
        c.waitFor("every node to apply " + commit, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= commit));
        List<String> digests = new ArrayList<>();
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                // Each node's own copy (RAFT.DEBUG EXEC reads locally, bypassing the proxy).
                List<String> la = localList(j, "la");
                List<String> lb = localList(j, "lb");
                assertThat(lb).as("lb on %s holds exactly la's transactions, in the same order", n.name()).isEqualTo(la);
                assertThat(la).as("every acknowledged transaction on %s", n.name()).containsAll(acknowledged);
                assertThat(la).as("no transaction twice on %s", n.name()).doesNotHaveDuplicates();
                digests.add(Cmd.string(j, "DEBUG", "DIGEST")); // answered from the node's own state
            }
        }
        assertThat(digests).as("DEBUG DIGEST on every node").containsOnly(digests.get(0));
    }

    private static List<String> localList(Jedis j, String key) {
        List<?> items = (List<?>) Cmd.call(j, "RAFT.DEBUG", "EXEC", "LRANGE", key, "0", "-1");
        return items.stream().map(String::valueOf).toList();
    }
}

package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.resp.ReplyTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub and keyspace notifications on a 3-node cluster: PUBLISH is logged and every node
 * delivers at apply, so subscribers on different nodes see one sequence, across a failover.
 */
class PubSubClusterTest extends InProcessClusterFixture {
    /** Reads a subscriber's messages on its own thread until the connection ends or {@code last} arrives. */
    private static final class Subscriber extends Thread {
        final RawClient client;
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final String last;
        volatile boolean disconnected;

        Subscriber(int port, String last, String... subscribe) throws IOException {
            this.client = new RawClient(port, 60_000);
            this.last = last;
            String[] cmd = new String[subscribe.length];
            System.arraycopy(subscribe, 0, cmd, 0, subscribe.length);
            client.send(RawClient.command(cmd));
            for (int i = 1; i < subscribe.length; i++) client.readReply();
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    ReplyTree m = ReplyTree.parse(client.readReplyBytes());
                    List<ReplyTree> parts = m.children();
                    String payload = parts.get(parts.size() - 1).text();
                    String channel = parts.get(parts.size() - 2).text();
                    received.add(channel + "=" + payload);
                    if (payload.equals(last)) return;
                }
            } catch (IOException e) {
                disconnected = true;
            }
        }
    }

    @Test
    void everySubscriberThatStayedGetsEveryAcknowledgedMessageOnceInOneOrder() throws Exception {
        int[] ports = cluster.form(3); // n1 leads
        List<Subscriber> subs = new ArrayList<>();
        for (int p : ports) {
            subs.add(new Subscriber(p, "end", "SUBSCRIBE", "numbers"));
            subs.add(new Subscriber(p, "end", "PSUBSCRIBE", "num*"));
        }
        subs.forEach(Thread::start);
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> publish(ports, acked, stop));
        publisher.start();
        awaitMore(acked, 300);
        // Two failovers: the leader stops, comes back as a follower, then the next leader stops.
        cluster.stop(serverOn(ports[0]));
        awaitMore(acked, 300);
        cluster.start("n1", ports[0]);
        int second = leaderPort(ports);
        cluster.stop(serverOn(second));
        awaitMore(acked, 300);
        stop.set(true);
        publisher.join(60_000);
        int stayedPort = ports[1] == second ? ports[2] : ports[1];
        publishUntilAcked(new int[] {ports[0], stayedPort}, "end");

        int stayedAt = stayedPort == ports[1] ? 2 : 4;
        List<Subscriber> stayed = subs.subList(stayedAt, stayedAt + 2);
        for (Subscriber s : subs) s.join(60_000);
        assertThat(subs.get(0).disconnected).isTrue();
        assertThat(subs.get(6 - stayedAt).disconnected).isTrue(); // those of the second leader
        List<String> reference = stayed.get(0).received;
        for (Subscriber s : stayed) {
            assertThat(s.disconnected).isFalse();
            List<String> payloads = s.received.stream().map(x -> x.substring(x.indexOf('=') + 1)).toList();
            assertThat(new HashSet<>(payloads)).as("no message twice").hasSize(payloads.size());
            assertThat(payloads).as("every acknowledged message").containsAll(acked);
            assertThat(payloads).as("one order for every subscriber").isEqualTo(
                    reference.stream().map(x -> x.substring(x.indexOf('=') + 1)).toList());
            assertThat(s.received.get(s.received.size() - 1)).isEqualTo("numbers=end");
        }
        // The subscribers that lost their node saw a prefix of the same sequence.
        for (Subscriber s : subs) {
            if (!s.disconnected) continue;
            List<String> payloads = s.received.stream().map(x -> x.substring(x.indexOf('=') + 1)).toList();
            assertThat(reference.stream().map(x -> x.substring(x.indexOf('=') + 1)).toList()).startsWith(
                    payloads.toArray(new String[0]));
        }
        for (Subscriber s : subs) s.client.close();
    }

    private static void awaitMore(List<String> acked, int more) throws Exception {
        int before = acked.size();
        await(() -> String.valueOf(acked.size()), n -> Integer.parseInt(n) >= before + more);
    }

    private RedraftServer serverOn(int port) {
        for (int i = 0; ; i++) {
            if (cluster.server(i).port() == port) return cluster.server(i);
        }
    }

    /** The port of the node that now leads (its INFO says so), waiting for one. */
    private static int leaderPort(int[] ports) throws Exception {
        int[] found = {0};
        await(() -> {
            for (int p : ports) {
                try (RawClient c = new RawClient(p, 2_000)) {
                    if (c.call("INFO", "raft").contains("raft_role:leader")) {
                        found[0] = p;
                        return "leader " + p;
                    }
                } catch (IOException e) {
                    // stopped
                }
            }
            return "none";
        }, r -> r.startsWith("leader") && found[0] != ports[0]);
        return found[0];
    }

    /** Publishes 1, 2, 3... to whichever node leads; a number whose PUBLISH failed is not sent again. */
    private static void publish(int[] ports, List<String> acked, AtomicBoolean stop) {
        int n = 0;
        int at = 0;
        while (!stop.get()) {
            String msg = Integer.toString(++n);
            try (RawClient c = new RawClient(ports[at], 5_000)) {
                while (!stop.get()) {
                    String r = c.call("PUBLISH", "numbers", msg);
                    if (!r.startsWith(":")) {
                        at = redirect(r, ports, at);
                        break;
                    }
                    acked.add(msg);
                    msg = Integer.toString(++n);
                }
            } catch (IOException e) {
                at = (at + 1) % ports.length;
            }
        }
    }

    private static int redirect(String reply, int[] ports, int at) {
        if (reply.startsWith("-MOVED")) {
            int port = Integer.parseInt(reply.substring(reply.lastIndexOf(':') + 1).trim());
            for (int i = 0; i < ports.length; i++) if (ports[i] == port) return i;
        }
        return (at + 1) % ports.length;
    }

    private static void publishUntilAcked(int[] ports, String msg) throws Exception {
        int[] at = {0};
        await(() -> {
            try (RawClient c = new RawClient(ports[at[0]], 5_000)) {
                String r = c.call("PUBLISH", "numbers", msg);
                if (!r.startsWith(":")) at[0] = (at[0] + 1) % ports.length;
                return r;
            }
        }, r -> r.startsWith(":"));
    }

    /**
     * A node that catches up by installing a snapshot never applies the entries it covers, so it
     * never delivers their messages: its subscribers are disconnected rather than left to believe
     * they missed nothing. Subscribing again works, and later messages arrive.
     */
    @Test
    void aSnapshotInstallDisconnectsTheNodesSubscribers() throws Exception {
        int p1 = InProcessCluster.freePort(), p2 = InProcessCluster.freePort();
        cluster.start("n1", p1);
        cluster.start("n2", p2);
        try (RawClient c1 = new RawClient(p1); RawClient sub = new RawClient(p2)) {
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c1.call("PUBLISH", "news", "before"), r -> r.equals(":0\r\n"));
            for (int i = 0; i < 100; i++) assertThat(c1.call("PUBLISH", "news", "m" + i)).isEqualTo(":0\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            // Subscribed on n2 before it joins: the snapshot it receives covers 101 messages it never saw.
            assertThat(sub.call("SUBSCRIBE", "news")).contains("subscribe");
            try (RawClient c2 = new RawClient(p2)) {
                assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
                assertThat(sub.closedByServer()).isTrue();
                await(() -> field(c2.call("INFO", "raft"), "raft_snapshots_received"), n -> n.equals("1"));
            }
            try (RawClient again = new RawClient(p2)) {
                assertThat(again.call("SUBSCRIBE", "news")).contains("subscribe");
                assertThat(c1.call("PUBLISH", "news", "after")).isEqualTo(":0\r\n");
                assertThat(again.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nafter\r\n");
            }
        }
    }

    @Test
    void everyNodePublishesTheSameKeyspaceEvents() throws Exception {
        int[] ports = cluster.form(3, "--notify-keyspace-events", "KEA");
        List<Subscriber> subs = new ArrayList<>();
        for (int p : ports) subs.add(new Subscriber(p, "done", "PSUBSCRIBE", "__key*"));
        subs.forEach(Thread::start);
        Random random = new Random(18);
        try (RawClient c = new RawClient(ports[0])) {
            for (int i = 0; i < 400; i++) {
                String k = "k" + random.nextInt(20);
                String r = switch (random.nextInt(7)) {
                    case 0 -> c.call("SET", k, "v", "PX", Integer.toString(1 + random.nextInt(50)));
                    case 1 -> c.call("DEL", k);
                    case 2 -> c.call("LPUSH", "l" + k, "x");
                    case 3 -> c.call("PEXPIRE", "l" + k, Integer.toString(1 + random.nextInt(30)));
                    case 4 -> c.call("INCR", "n" + k);
                    case 5 -> c.call("HSET", "h" + k, "f", "v");
                    default -> c.call("EXPIRE", "n" + k, "0");
                };
                assertThat(r).doesNotStartWith("-");
            }
            // Active expiry, through the log: every volatile key goes, with its event on every node.
            await(() -> c.call("DBSIZE"), r -> {
                try {
                    return c.call("RANDOMKEY").equals("$-1\r\n") || noVolatile(c);
                } catch (IOException e) {
                    return false;
                }
            });
            c.call("SET", "done", "1");
        }
        for (Subscriber s : subs) s.join(60_000);
        List<String> reference = subs.get(0).received;
        assertThat(reference).anyMatch(e -> e.equals("__keyevent@0__:expired=lk1") || e.startsWith("__keyevent@0__:expired="));
        for (Subscriber s : subs) assertThat(s.received).isEqualTo(reference);
        for (Subscriber s : subs) s.client.close();
    }

    /**
     * SUBSCRIBE queued in MULTI subscribes the client's own connection on its own node: a
     * transaction of subscriptions only is answered by a follower at once; one with data goes
     * through the log, and the other nodes, applying the same entry, subscribe nobody; through
     * the follower proxy it would subscribe the proxy's link, so it is redirected instead.
     */
    @Test
    void subscriptionsInATransactionBelongToTheClientsConnection() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes"); // n1 leads
        try (RawClient onFollower = new RawClient(ports[1]); RawClient onLeader = new RawClient(ports[0]);
             RawClient pub = new RawClient(ports[0]); RawClient f2 = new RawClient(ports[2])) {
            assertThat(onFollower.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(onFollower.call("SUBSCRIBE", "a")).isEqualTo("+QUEUED\r\n");
            assertThat(onFollower.call("EXEC")).isEqualTo("*1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");

            assertThat(onLeader.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(onLeader.call("SUBSCRIBE", "b")).isEqualTo("+QUEUED\r\n");
            assertThat(onLeader.call("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(onLeader.call("EXEC")).isEqualTo("*2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:1\r\n+OK\r\n");

            // A transaction with data through a follower: MOVED, never run for the proxy's link.
            assertThat(f2.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(f2.call("SUBSCRIBE", "c")).isEqualTo("+QUEUED\r\n");
            assertThat(f2.call("SET", "k2", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(f2.call("EXEC")).startsWith("-MOVED 0 ");

            String commit = field(pub.call("INFO", "raft"), "raft_commit_index");
            for (int p : new int[] {ports[1], ports[2]}) {
                try (RawClient c = new RawClient(p)) {
                    await(() -> field(c.call("INFO", "raft"), "raft_last_applied_index"),
                            i -> Long.parseLong(i) >= Long.parseLong(commit));
                    assertThat(c.call("PUBSUB", "NUMSUB", "b", "c")).as("node %d", p)
                            .isEqualTo("*4\r\n$1\r\nb\r\n:0\r\n$1\r\nc\r\n:0\r\n");
                }
            }
            assertThat(pub.call("PUBSUB", "NUMSUB", "b", "c")).isEqualTo("*4\r\n$1\r\nb\r\n:1\r\n$1\r\nc\r\n:0\r\n");
            assertThat(pub.call("PUBLISH", "b", "to-leader")).isEqualTo(":1\r\n");
            assertThat(onLeader.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$1\r\nb\r\n$9\r\nto-leader\r\n");
            assertThat(pub.call("PUBLISH", "a", "to-follower")).isEqualTo(":0\r\n");
            assertThat(onFollower.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$11\r\nto-follower\r\n");
        }
    }

    /** Whether INFO keyspace counts no key with an expiry. */
    private static boolean noVolatile(RawClient c) throws IOException {
        String info = c.call("INFO", "keyspace");
        return !info.contains("expires=") || info.contains("expires=0,");
    }

}

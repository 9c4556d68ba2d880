package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.session.SessionTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Client sessions (docs/protocol.md, "Client sessions"): a write retried with the same session
 * sequence number, on another connection, another leader or after a restart from a snapshot, is
 * answered with its first reply and not applied again.
 */
class ClientSessionsClusterTest extends InProcessClusterFixture {

    /** Opens a session on {@code c}; returns its id. */
    private static String newSession(RawClient c) throws Exception {
        String reply = c.call("CLIENT", "SESSION", "NEW");
        assertThat(reply).startsWith(":");
        return reply.substring(1, reply.length() - 2);
    }

    private static RawClient tagged(int port, String session, long nextSeq) throws Exception {
        RawClient c = new RawClient(port);
        assertThat(c.call("CLIENT", "SESSION", session, Long.toString(nextSeq))).isEqualTo("+OK\r\n");
        return c;
    }

    private static final String MULTI_REPLY = "*2\r\n:2\r\n+OK\r\n";

    private static String transaction(RawClient c) throws Exception {
        assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c.call("INCR", "counter")).isEqualTo("+QUEUED\r\n");
        assertThat(c.call("SET", "tx", "done")).isEqualTo("+QUEUED\r\n");
        return c.call("EXEC");
    }

    @Test
    void aRetriedWriteReturnsTheFirstReplyOnANewConnectionAndAfterFailover() throws Exception {
        int[] ports = cluster.form(3);
        String id;
        try (RawClient c = new RawClient(ports[0])) {
            id = newSession(c);
            assertThat(c.call("CLIENT", "SESSION", id, "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("INCR", "counter")).isEqualTo(":1\r\n"); // seq 1
            assertThat(c.call("GET", "counter")).isEqualTo("$1\r\n1\r\n"); // reads take no number
            assertThat(transaction(c)).isEqualTo(MULTI_REPLY); // seq 2: the whole EXEC
            assertThat(c.call("CLIENT", "SESSION")).isEqualTo("*2\r\n:" + id + "\r\n:3\r\n");
        }
        try (RawClient retry = tagged(ports[0], id, 1)) {
            assertThat(retry.call("INCR", "counter")).isEqualTo(":1\r\n");
            assertThat(transaction(retry)).isEqualTo(MULTI_REPLY);
            assertThat(retry.call("GET", "counter")).isEqualTo("$1\r\n2\r\n");
        }
        try (RawClient follower = tagged(ports[1], id, 10)) {
            // A write refused by a follower still uses its number up, as the client counts it.
            assertThat(follower.call("INCR", "counter")).startsWith("-MOVED");
            assertThat(follower.call("CLIENT", "SESSION")).isEqualTo("*2\r\n:" + id + "\r\n:11\r\n");
        }
        // Pipelined writes take consecutive numbers in arrival order.
        try (RawClient c = tagged(ports[0], id, 3)) {
            c.send(RawClient.command("INCR", "counter") + RawClient.command("INCR", "counter")
                    + RawClient.command("INCR", "counter"));
            assertThat(c.readReply() + c.readReply() + c.readReply()).isEqualTo(":3\r\n:4\r\n:5\r\n");
        }

        cluster.stop(cluster.server(0));
        int leader = await(() -> {
            for (int i = 1; i < 3; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    if (c.call("SET", "probe", "x").equals("+OK\r\n")) return Integer.toString(ports[i]);
                }
            }
            return "none";
        }, r -> !r.equals("none")).transform(Integer::parseInt);
        try (RawClient retry = tagged(leader, id, 4)) {
            // Seq 4 was answered by the old leader; the new one remembers it (replicated state).
            assertThat(retry.call("INCR", "counter")).isEqualTo(":4\r\n");
            assertThat(retry.call("INCR", "counter")).isEqualTo(":5\r\n");
            assertThat(retry.call("INCR", "counter")).isEqualTo(":6\r\n"); // seq 6 is new
            assertThat(retry.call("GET", "counter")).isEqualTo("$1\r\n6\r\n");
        }
        try (RawClient stale = tagged(leader, id, 1)) {
            // The connection that began at 4 acknowledged everything below: 1 is forgotten, never re-run.
            assertThat(stale.call("INCR", "counter")).isEqualTo("-" + SessionTable.TOO_OLD + "\r\n");
            assertThat(stale.call("GET", "counter")).isEqualTo("$1\r\n6\r\n");
        }
        try (RawClient unknown = tagged(leader, "424242", 1)) {
            assertThat(unknown.call("INCR", "counter")).isEqualTo("-" + SessionTable.UNKNOWN + "\r\n");
        }
        try (RawClient plain = new RawClient(leader)) {
            // Untagged clients keep Redis's behaviour: every INCR runs.
            assertThat(plain.call("INCR", "counter")).isEqualTo(":7\r\n");
        }
    }

    @Test
    void sessionsAreKeptInTheSnapshotAndReloadedAtRestart() throws Exception {
        int port = freePort();
        RedraftServer server = cluster.start("n1", port, "--dbfilename", "snap.rdb");
        String id;
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            id = newSession(c);
            assertThat(c.call("CLIENT", "SESSION", id, "1")).isEqualTo("+OK\r\n");
            c.send(RawClient.command("RPUSH", "list", "a") + RawClient.command("RPUSH", "list", "b"));
            assertThat(c.readReply() + c.readReply()).isEqualTo(":1\r\n:2\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
        }
        RdbContents rdb = RdbReader.read(dir.resolve("n1/snap.rdb"));
        assertThat(SessionTable.decode(rdb.raft().sessions()).remembered(Long.parseLong(id))).containsExactly(1L, 2L);
        if (Files.isExecutable(Path.of("/usr/bin/redis-check-rdb"))) {
            // The session table is one more AUX field: stock Redis tools read past it.
            Process p = new ProcessBuilder("/usr/bin/redis-check-rdb", dir.resolve("n1/snap.rdb").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("RDB looks OK");
        }

        cluster.stop(server);
        cluster.start("n1", port, "--dbfilename", "snap.rdb");
        try (RawClient retry = new RawClient(port)) {
            await(() -> retry.call("GET", "warm"), r -> r.equals("$2\r\nup\r\n"));
            assertThat(retry.call("CLIENT", "SESSION", id, "2")).isEqualTo("+OK\r\n");
            assertThat(retry.call("RPUSH", "list", "b")).isEqualTo(":2\r\n");
            assertThat(retry.call("LRANGE", "list", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        }
    }

    @Test
    void aNodeThatJoinsAfterCompactionGetsTheSessionsWithTheSnapshotAndAnswersAsLeader() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        cluster.start("n1", ports[0]);
        cluster.start("n2", ports[1]);
        String id;
        try (RawClient c = new RawClient(ports[0]); RawClient c2 = new RawClient(ports[1])) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
            id = newSession(c);
            assertThat(c.call("CLIENT", "SESSION", id, "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("INCR", "x")).isEqualTo(":1\r\n");
            assertThat(c.call("INCR", "x")).isEqualTo(":2\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
        }
        cluster.start("n3", ports[2]);
        try (RawClient c = new RawClient(ports[0]); RawClient c3 = new RawClient(ports[2])) {
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
            await(() -> c.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            assertThat(c3.call("INFO", "raft")).containsPattern("raft_snapshots_received:[1-9]");
            assertThat(c.call("RAFT.TRANSFER_LEADER", nodeId(c3))).isEqualTo("+OK\r\n");
        }
        try (RawClient retry = tagged(ports[2], id, 1)) {
            await(() -> retry.call("GET", "x"), r -> r.equals("$1\r\n2\r\n"));
            assertThat(retry.call("INCR", "x")).isEqualTo(":1\r\n");
            assertThat(retry.call("INCR", "x")).isEqualTo(":2\r\n");
            assertThat(retry.call("INCR", "x")).isEqualTo(":3\r\n");
        }
    }

    @Test
    void aFollowerProxyCarriesTheSessionNumberToTheLeader() throws Exception {
        int[] ports = cluster.form(3);
        String id;
        try (RawClient follower = new RawClient(ports[1])) {
            assertThat(follower.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
            id = await(() -> follower.call("CLIENT", "SESSION", "NEW"), r -> r.startsWith(":"));
            id = id.substring(1, id.length() - 2);
            assertThat(follower.call("CLIENT", "SESSION", id, "1")).isEqualTo("+OK\r\n");
            assertThat(follower.call("INCR", "proxied")).isEqualTo(":1\r\n");
            assertThat(follower.call("INCR", "proxied")).isEqualTo(":2\r\n");
        }
        try (RawClient retry = tagged(ports[0], id, 1)) {
            assertThat(retry.call("INCR", "proxied")).isEqualTo(":1\r\n");
            assertThat(retry.call("GET", "proxied")).isEqualTo("$1\r\n2\r\n");
        }
        try (RawClient retry = tagged(ports[1], id, 2)) {
            assertThat(retry.call("INCR", "proxied")).isEqualTo(":2\r\n");
        }
    }

    @Test
    void clientSessionSubcommandChecksItsArguments() throws Exception {
        int[] ports = cluster.form(1);
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("CLIENT", "SESSION")).isEqualTo("*-1\r\n");
            assertThat(c.call("CLIENT", "SESSION", "0", "1")).isEqualTo("-ERR invalid session id\r\n");
            assertThat(c.call("CLIENT", "SESSION", "5", "x")).isEqualTo("-ERR invalid session sequence number\r\n");
            assertThat(c.call("CLIENT", "SESSION", "5")).startsWith("-ERR wrong number of arguments");
            assertThat(c.call("CLIENT", "SESSION", "5", "9")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "SESSION")).isEqualTo("*2\r\n:5\r\n:9\r\n");
            assertThat(c.call("CLIENT", "SESSION", "OFF")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "SESSION")).isEqualTo("*-1\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "SESSION", "NEW")).isEqualTo("-ERR CLIENT SESSION inside MULTI is not allowed\r\n");
            assertThat(c.call("CLIENT", "SESSION", "5", "1")).isEqualTo("-ERR CLIENT SESSION inside MULTI is not allowed\r\n");
            assertThat(c.call("DISCARD")).isEqualTo("+OK\r\n");
            // Not a write (wrong arity): takes no number.
            assertThat(c.call("CLIENT", "SESSION", newSession(c), "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("INCR")).startsWith("-ERR wrong number of arguments");
            assertThat(c.call("CLIENT", "SESSION")).endsWith(":1\r\n");
        }
    }
}

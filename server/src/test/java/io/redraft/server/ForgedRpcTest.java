package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Raft RPCs typed by a client, sent by a node of another cluster, in the name of a node that never
 * was a member, or with a future term, reach no core: the term, the leader and the data of a
 * healthy cluster stay as they were, and INFO raft counts what was refused.
 */
class ForgedRpcTest extends InProcessClusterFixture {
    /** A 3-node cluster holding k=v, a client on its leader and two on a follower (one to forge with). */
    private record Scene(int[] ports, RawClient leader, RawClient follower, RawClient forger, String leaderId,
                         String followerId, String dbid, long term, long commit) {}

    private Scene scene() throws Exception {
        int[] ports = cluster.form(3);
        RawClient leader = new RawClient(ports[0]);
        RawClient follower = new RawClient(ports[1]);
        assertThat(leader.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        String info = follower.call("INFO", "raft");
        return new Scene(ports, leader, follower, new RawClient(ports[1]), nodeId(leader), nodeId(follower),
                field(info, "raft_dbid"), Long.parseLong(field(info, "raft_current_term")),
                Long.parseLong(field(info, "raft_commit_index")));
    }

    private static String ae(String target, String src, long term) {
        return RawClient.command("RAFT.AE", target, src, src + ":" + term + ":0:0:0:1", "0");
    }

    @Test
    void rpcsFromAnywhereButAPeerOfThisClusterChangeNothing() throws Exception {
        Scene sc = scene();
        try (RawClient leader = sc.leader(); RawClient follower = sc.follower(); RawClient forger = sc.forger()) {

            // A client that never said it is a peer: even a well-formed heartbeat of the real leader.
            forger.send(ae(sc.followerId(), sc.leaderId(), sc.term() + 10));
            assertThat(forger.readReply()).startsWith("-ERR refused: a connection that did not identify as a peer");
            forger.send(RawClient.command("RAFT.REQUESTVOTE", sc.followerId(), sc.leaderId(), "0:" + (sc.term() + 10) + ":" + sc.leaderId() + ":999:999"));
            assertThat(forger.readReply()).startsWith("-ERR refused:");
            forger.send(RawClient.command("RAFT.SNAPSHOT", sc.followerId(), sc.leaderId(), (sc.term() + 10) + ":" + sc.leaderId() + ":1:999:999:0:1", "x"));
            assertThat(forger.readReply()).startsWith("-ERR refused:");
            forger.send(RawClient.command("RAFT.TIMEOUT_NOW", sc.followerId(), sc.leaderId(), Long.toString(sc.term() + 10)));
            assertThat(forger.readReply()).startsWith("-ERR refused:");

            // A node of another cluster whose ids happen to be ours.
            assertThat(forger.call("RAFT.PEER", "0123456789abcdef0123456789abcdef", sc.leaderId()))
                    .isEqualTo("-ERR cluster id mismatch: this node belongs to cluster " + sc.dbid() + "\r\n");
            forger.send(ae(sc.followerId(), sc.leaderId(), sc.term() + 10));
            assertThat(forger.readReply()).startsWith("-ERR refused:");

            // A link speaking for another node than the one it named.
            assertThat(forger.call("RAFT.PEER", sc.dbid(), "77")).isEqualTo("+OK\r\n");
            forger.send(ae(sc.followerId(), sc.leaderId(), sc.term() + 10));
            assertThat(forger.readReply()).startsWith("-ERR refused: the link of node 77 sent a Raft RPC in the name of node");

            // Malformed bodies are refused by the parser, as before.
            assertThat(forger.call("RAFT.PEER", sc.dbid(), sc.leaderId())).isEqualTo("+OK\r\n");
            assertThat(forger.call("RAFT.AE", sc.followerId(), sc.leaderId(), "1:2:3", "0")).startsWith("-");
            assertThat(forger.call("RAFT.PEER", sc.dbid(), "x")).isEqualTo("-ERR invalid node id\r\n");

            // A voter's id with a future sc.term() passes the guard but not the leader lease (thesis §4.2.3).
            String thirdId;
            try (RawClient third = new RawClient(sc.ports()[2])) {
                thirdId = nodeId(third);
            }
            assertThat(forger.call("RAFT.PEER", sc.dbid(), thirdId)).isEqualTo("+OK\r\n");
            forger.send(RawClient.command("RAFT.REQUESTVOTE", sc.followerId(), thirdId,
                    "0:" + (sc.term() + 10) + ":" + thirdId + ":999999:" + (sc.term() + 9)));
            // Ignored: no reply ever comes, so look at the node instead.
            await(() -> follower.call("INFO", "raft"), r -> field(r, "raft_ignored_in_lease").equals("1"));
            // A made-up node of this cluster claiming to lead a future sc.term(): no member of the
            // follower's configuration, so ignored under the lease as well.
            try (RawClient madeUp = new RawClient(sc.ports()[1])) {
                assertThat(madeUp.call("RAFT.PEER", sc.dbid(), "77")).isEqualTo("+OK\r\n");
                madeUp.send(ae(sc.followerId(), "77", sc.term() + 10));
                await(() -> follower.call("INFO", "raft"), r -> field(r, "raft_ignored_in_lease").equals("2"));
            }

            String info = follower.call("INFO", "raft");
            assertThat(Long.parseLong(field(info, "raft_current_term"))).isEqualTo(sc.term());
            assertThat(field(info, "raft_leader_id")).isEqualTo(sc.leaderId());
            assertThat(Long.parseLong(field(info, "raft_rpc_refused"))).isGreaterThanOrEqualTo(6);
            assertThat(field(leader.call("INFO", "raft"), "raft_role")).isEqualTo("leader");
            assertThat(leader.call("SET", "k2", "v2")).isEqualTo("+OK\r\n");
            assertThat(leader.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    /**
     * A snapshot that is no RDB of ours (here sent in the leader's name, as a buggy or hostile peer
     * could) is refused after its last chunk: nothing of it is applied, the node keeps following
     * its leader, and INFO raft counts it. It used to leave the node LOADING for good.
     */
    @Test
    void aCraftedSnapshotIsRefusedAndTheNodeKeepsServing() throws Exception {
        Scene sc = scene();
        try (RawClient leader = sc.leader(); RawClient follower = sc.follower(); RawClient forger = sc.forger()) {
            assertThat(forger.call("RAFT.PEER", sc.dbid(), sc.leaderId())).isEqualTo("+OK\r\n");
            forger.send(RawClient.command("RAFT.SNAPSHOT", sc.followerId(), sc.leaderId(),
                    sc.term() + ":" + sc.leaderId() + ":999:" + (sc.commit() + 1000) + ":" + sc.term() + ":0:1", "REDIS0010 not an RDB body"));
            await(() -> follower.call("INFO", "raft"), r -> field(r, "raft_snapshots_refused").equals("1"));

            assertThat(leader.call("SET", "k2", "v2")).isEqualTo("+OK\r\n");
            await(() -> follower.call("RAFT.DEBUG", "EXEC", "GET", "k2"), r -> r.equals("$2\r\nv2\r\n"));
            assertThat(follower.call("RAFT.DEBUG", "EXEC", "GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertThat(follower.call("GET", "k")).startsWith("-MOVED");
            assertThat(field(follower.call("INFO", "raft"), "raft_state")).isEqualTo("up");
        }
    }
}

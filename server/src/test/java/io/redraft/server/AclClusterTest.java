package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACL in a cluster: ACL SETUSER / DELUSER sent to the leader go through the log and every node
 * enforces the same users from then on, after a restart (replayed from the log, then loaded from a
 * snapshot) and on a node that joins later (the users come with the snapshot it receives). Nodes
 * that link as a dedicated cluster user with only @raft keep working while clients without @raft
 * cannot send the internode commands; a node with the wrong cluster password cannot join, and the
 * refusals are counted in INFO.
 */
class AclClusterTest extends InProcessClusterFixture {
    private static final String OK = "+OK\r\n";

    private static String aclList(int port) throws Exception {
        try (RawClient c = new RawClient(port)) {
            return c.call("ACL", "LIST");
        }
    }

    private static String as(int port, String user, String pass, String... cmd) throws Exception {
        try (RawClient c = new RawClient(port)) {
            String auth = c.call("AUTH", user, pass);
            if (!auth.equals(OK)) return auth;
            return c.call(cmd);
        }
    }

    @Test
    void usersAreReplicatedAndSurviveRestartsSnapshotsAndLateJoiners() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient leader = new RawClient(ports[0])) {
            assertThat(leader.call("ACL", "SETUSER", "bob", "on", ">pw", "~b*", "+get", "+set", "+acl|whoami")).isEqualTo(OK);
            assertThat(leader.call("ACL", "SETUSER", "eve", "on", ">pw", "+@all")).isEqualTo(OK);
            RawClient eveOnFollower = new RawClient(ports[1]);
            await(() -> eveOnFollower.call("AUTH", "eve", "pw"), OK::equals);
            assertThat(leader.call("ACL", "DELUSER", "eve")).isEqualTo(":1\r\n");
            // as in Redis, a deleted user's connections are closed: on every node, when the deletion applies
            assertThat(eveOnFollower.closedByServer()).isTrue();
            eveOnFollower.close();
            String expected = leader.call("ACL", "LIST");
            assertThat(expected).contains("user bob on #").doesNotContain("eve");
            for (int p : ports) {
                await(() -> aclList(p), expected::equals);
                // the same refusals on every node, before any MOVED
                assertThat(as(p, "bob", "pw", "GET", "x")).isEqualTo(
                        "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
                assertThat(as(p, "bob", "pw", "HGET", "b1", "f")).isEqualTo(
                        "-NOPERM this user has no permissions to run the 'hget' command\r\n");
                assertThat(as(p, "bob", "pw", "ACL", "WHOAMI")).isEqualTo("$3\r\nbob\r\n");
                assertThat(as(p, "bob", "nope", "PING")).startsWith("-WRONGPASS");
                assertThat(as(p, "eve", "pw", "PING")).startsWith("-WRONGPASS");
            }
            assertThat(as(ports[0], "bob", "pw", "SET", "b1", "v")).isEqualTo(OK);
            // the log holds the password hashed, never as sent
            assertThat(leader.call("ACL", "GETUSER", "bob")).contains(
                    io.redraft.server.AclClusterTest.sha256("pw"));

            // a restarted follower replays the users from its log
            cluster.stop(node(ports[1]));
            cluster.start("n2", ports[1]);
            await(() -> aclList(ports[1]), expected::equals);

            // after compaction, users come from the snapshot: on a restart and on a node that joins later
            assertThat(leader.call("ACL", "SETUSER", "carol", "on", ">pw2", "~*", "+@read")).isEqualTo(OK);
            String withCarol = leader.call("ACL", "LIST");
            await(() -> aclList(ports[2]), withCarol::equals);
            assertThat(leader.call("RAFT.DEBUG", "COMPACT")).isEqualTo(OK);
            try (RawClient c3 = new RawClient(ports[2])) {
                assertThat(c3.call("RAFT.DEBUG", "COMPACT")).isEqualTo(OK);
            }
            cluster.stop(node(ports[2]));
            cluster.start("n3", ports[2]);
            await(() -> aclList(ports[2]), withCarol::equals);
            assertThat(as(ports[2], "carol", "pw2", "SET", "k", "v")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'set' command\r\n");

            int p4 = freePort();
            cluster.start("n4", p4);
            try (RawClient c4 = new RawClient(p4)) {
                assertThat(c4.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo(OK);
            }
            await(() -> aclList(p4), withCarol::equals);
            assertThat(as(p4, "carol", "pw2", "ACL", "WHOAMI")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
        }
    }

    @Test
    void nodesLinkAsTheClusterUserAndAWrongPasswordCannotJoin() throws Exception {
        String[] users = {"--user", "admin", "on", ">adm", "~*", "&*", "+@all",
            "--user", "default", "on", "nopass", "~*", "&*", "+@all", "-@raft",
            "--user", "peer", "on", ">secret", "-@all", "+@raft"};
        List<String> common = new ArrayList<>(List.of(users));
        common.addAll(List.of("--raft.cluster-user", "peer", "--raft.cluster-password", "secret"));
        int[] ports = {freePort(), freePort(), freePort()};
        for (int i = 0; i < 3; i++) cluster.start("n" + (i + 1), ports[i], common.toArray(new String[0]));
        try (RawClient a = new RawClient(ports[0])) {
            assertThat(a.call("RAFT.CLUSTER", "INIT")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'raft.cluster' command\r\n");
            assertThat(a.call("AUTH", "admin", "adm")).isEqualTo(OK);
            assertThat(a.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> a.call("SET", "warm", "up"), OK::equals);
            for (int i = 1; i < 3; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    assertThat(c.call("AUTH", "admin", "adm")).isEqualTo(OK);
                    assertThat(c.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo(OK);
                }
            }
            await(() -> a.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            assertThat(a.call("SET", "k", "v")).isEqualTo(OK);
            // a client (the default user here) cannot speak for a node
            try (RawClient c = new RawClient(ports[1])) {
                assertThat(c.call("RAFT.REQUESTVOTE", "1", "2", "99", "0", "0", "0")).isEqualTo(
                        "-NOPERM this user has no permissions to run the 'raft.requestvote' command\r\n");
                assertThat(c.call("RAFT.AE", "1", "2", "99")).isEqualTo(
                        "-NOPERM this user has no permissions to run the 'raft.ae' command\r\n");
            }

            List<String> wrong = new ArrayList<>(List.of(users));
            wrong.addAll(List.of("--raft.cluster-user", "peer", "--raft.cluster-password", "guess"));
            int p4 = freePort();
            cluster.start("n4", p4, wrong.toArray(new String[0]));
            try (RawClient c4 = new RawClient(p4)) {
                assertThat(c4.call("AUTH", "admin", "adm")).isEqualTo(OK);
                c4.send(RawClient.command("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])); // retries; never answered OK
                await(() -> field(a.call("INFO", "stats"), "acl_cluster_auth_refused"), v -> Long.parseLong(v) >= 1);
                assertThat(a.call("INFO", "raft_general")).contains("raft_num_nodes:3");
                // the refused AUTH, and the join request the node pipelined behind it, refused as the default user's
                String log = a.call("ACL", "LOG");
                assertThat(log).contains("$4\r\nauth\r\n").contains("$4\r\npeer\r\n").contains("raft.node");
            }
            assertThat(a.call("SET", "k2", "v")).isEqualTo(OK);
        }
    }

    @Test
    void aclLoadIsALoggedChangeCarryingTheLeadersFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("users", ".acl");
        java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\n");
        int[] ports = cluster.form(3, "--aclfile", file.toString());
        try (RawClient leader = new RawClient(ports[0])) {
            java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\nuser dave on >d ~d* +get\n"
                    + "user erin on >e +@read ~*\n");
            assertThat(leader.call("ACL", "LOAD")).isEqualTo(OK);
            String expected = leader.call("ACL", "LIST");
            assertThat(expected).contains("user dave on #").contains("user erin on #");
            // the file changes again: the nodes hold what the leader read, not what their file now says
            java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\nuser bogus\n");
            for (int p : ports) {
                await(() -> aclList(p), expected::equals);
                assertThat(as(p, "dave", "d", "GET", "x")).startsWith("-NOPERM");
            }
            java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\nuser x on bogus\n");
            // redis-server 7.0.15's text for the same file
            assertThat(leader.call("ACL", "LOAD")).isEqualTo("-ERR " + file + ":2: Syntax error. WARNING: ACL errors"
                    + " detected, no change to the previously active ACL rules was performed\r\n");
            java.nio.file.Files.writeString(file, "user default on nopass ~* &* +@all\nuser x on\nuser x off\nfoo bar\n");
            assertThat(leader.call("ACL", "LOAD")).isEqualTo("-ERR WARNING: Duplicate user 'x' found on line 3. " + file
                    + ":4 should start with user keyword followed by the username. WARNING: ACL errors detected, no"
                    + " change to the previously active ACL rules was performed\r\n");
            assertThat(leader.call("ACL", "LOAD", "user evil on nopass +@all")).isEqualTo(
                    "-ERR wrong number of arguments for 'acl|load' command\r\n");
            assertThat(leader.call("ACL", "SAVE")).isEqualTo(OK);
            assertThat(java.nio.file.Files.readString(file)).contains("user dave on #").doesNotContain("bogus");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    private RedraftServer node(int port) {
        for (int i = 0; ; i++) if (cluster.server(i).port() == port) return cluster.server(i);
    }

    static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RedisRaft behaviour that had been accepted but inert: RAFT.DEBUG NODECFG / USED_NODE_IDS /
 * COMMANDSPEC, raft.ignored-commands, and MULTI refusing what it cannot queue (reference §1.2, §3.4).
 */
class RedisRaftParityTest extends InProcessClusterFixture {
    @Test
    void commandSpecShowsRedisRaftsFlags() throws Exception {
        int[] p = cluster.form(1);
        try (RawClient c = new RawClient(p[0])) {
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "get")).isEqualTo(":2\r\n"); // readonly
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "GET")).isEqualTo(":2\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "keys")).isEqualTo(":34\r\n"); // readonly, sort reply
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "randomkey")).isEqualTo(":66\r\n"); // readonly, random
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "time")).isEqualTo(":80\r\n"); // don't intercept, random
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "client")).isEqualTo(":1040\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "debug")).isEqualTo(":8\r\n");
            // RedisRaft flags XADD unsupported + random (72); streams run here, so only random stays.
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "xadd")).isEqualTo(":64\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "blpop")).isEqualTo(":256\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "multi")).isEqualTo(":512\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "raft.scan")).isEqualTo(":2\r\n");
            // Commands without any flag are not in RedisRaft's table.
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "set")).isEqualTo("-ERR unknown command\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "nosuch")).isEqualTo("-ERR unknown command\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC")).isEqualTo("-ERR invalid debug subcommand\r\n");
            // Ignored commands become don't-intercept; only lower-case entries match (as in RedisRaft).
            assertThat(c.call("CONFIG", "SET", "raft.ignored-commands", "get,SET,mycmd")).isEqualTo("+OK\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "get")).isEqualTo(":18\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "mycmd")).isEqualTo(":16\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMMANDSPEC", "set")).isEqualTo("-ERR unknown command\r\n");
        }
    }

    @Test
    void usedNodeIdsAndNodeCfg() throws Exception {
        int[] p = cluster.form(2);
        try (RawClient c1 = new RawClient(p[0]); RawClient c2 = new RawClient(p[1])) {
            String id1 = field(c1.call("INFO", "raft"), "raft_node_id");
            String id2 = field(c2.call("INFO", "raft"), "raft_node_id");
            String used = c1.call("RAFT.DEBUG", "USED_NODE_IDS");
            assertThat(used).startsWith("*2\r\n").contains(":" + id1 + "\r\n").contains(":" + id2 + "\r\n");

            assertThat(c1.call("RAFT.DEBUG", "NODECFG", id2)).isEqualTo("-ERR wrong number of arguments for 'raft.debug' command\r\n");
            assertThat(c1.call("RAFT.DEBUG", "NODECFG", "x", "-voting")).isEqualTo("-ERR invalid node id\r\n");
            assertThat(c1.call("RAFT.DEBUG", "NODECFG", "12345", "-voting")).isEqualTo("-ERR node does not exist\r\n");
            assertThat(c1.call("RAFT.DEBUG", "NODECFG", id2, "+active bogus")).isEqualTo("-ERR invalid nodecfg option\r\n");
            // Node-local, outside the log: node 1 counts node 2 as non-voting, node 2 itself does not.
            assertThat(c1.call("RAFT.DEBUG", "NODECFG", id2, "-voting +active")).isEqualTo("+OK\r\n");
            assertThat(field(c1.call("INFO", "raft"), "raft_num_voting_nodes")).isEqualTo("1");
            assertThat(c1.call("INFO", "raft")).contains("id=" + id2 + ",state=connected,voting=no");
            assertThat(field(c2.call("INFO", "raft"), "raft_is_voting")).isEqualTo("yes");
            assertThat(c1.call("RAFT.DEBUG", "NODECFG", id2, "+voting")).isEqualTo("+OK\r\n");
            assertThat(field(c1.call("INFO", "raft"), "raft_num_voting_nodes")).isEqualTo("2");
        }
    }

    @Test
    void ignoredCommandsRunLocallyWithoutTheLog() throws Exception {
        int[] p = cluster.form(2, "--raft.ignored-commands", "set,get");
        try (RawClient leader = new RawClient(p[0]); RawClient follower = new RawClient(p[1])) {
            // On the follower: no MOVED, its own keyspace only.
            assertThat(follower.call("SET", "local", "f")).isEqualTo("+OK\r\n");
            assertThat(follower.call("GET", "local")).isEqualTo("$1\r\nf\r\n");
            assertThat(leader.call("GET", "local")).isEqualTo("$-1\r\n");
            assertThat(leader.call("INCR", "n")).isEqualTo(":1\r\n"); // others still go through the log
            await(() -> follower.call("RAFT.DEBUG", "EXEC", "GET", "n"), r -> r.equals("$1\r\n1\r\n"));
            assertThat(follower.call("INCR", "n")).startsWith("-MOVED 0 ");
        }
        // And before the node is in a cluster at all.
        int port = InProcessCluster.freePort();
        cluster.start("lone", port, "--raft.ignored-commands", "set");
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("SET", "a", "b")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("-NOCLUSTER No Raft Cluster\r\n");
        }
    }

    @Test
    void multiRefusesWhatItCannotQueueWithRedisRaftsErrors() throws Exception {
        int[] p = cluster.form(1);
        try (RawClient c = new RawClient(p[0])) {
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SAVE")).isEqualTo("-ERR not supported by RedisRaft\r\n");
            assertThat(c.call("RAFT", "PING")).isEqualTo("-ERR not supported by RedisRaft inside MULTI/EXEC\r\n");
            assertThat(c.call("RAFT", "CONFIG", "GET", "port")).isEqualTo("-ERR not supported by RedisRaft inside MULTI/EXEC\r\n");
            assertThat(c.call("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            // Outside MULTI they are what they always were.
            assertThat(c.call("SAVE")).isEqualTo("-ERR not supported by RedisRaft\r\n");
        }
    }

    @Test
    void debugPopulateSleepAndHelpAsRedis() throws Exception {
        int[] p = cluster.form(2, "--enable-debug-command", "yes");
        try (RawClient leader = new RawClient(p[0]); RawClient follower = new RawClient(p[1])) {
            assertThat(leader.call("DEBUG", "POPULATE", "3")).isEqualTo("+OK\r\n");
            assertThat(leader.call("DEBUG", "POPULATE", "2", "pre", "10")).isEqualTo("+OK\r\n");
            assertThat(leader.call("DEBUG", "POPULATE", "1", "pre", "3")).isEqualTo("+OK\r\n"); // pre:0 exists: kept
            assertThat(leader.call("GET", "key:2")).isEqualTo("$7\r\nvalue:2\r\n");
            assertThat(leader.call("GET", "pre:1")).isEqualTo("$10\r\nvalue:1\0\0\0\r\n");
            assertThat(leader.call("DBSIZE")).isEqualTo(":6\r\n"); // warm + 3 + 2
            // Through the log: the follower has them too.
            await(() -> follower.call("RAFT.DEBUG", "EXEC", "GET", "pre:0"), r -> r.equals("$10\r\nvalue:0\0\0\0\r\n"));
            assertThat(follower.call("DEBUG", "POPULATE", "1")).startsWith("-MOVED 0 ");

            assertThat(leader.call("DEBUG", "POPULATE", "x")).isEqualTo("-ERR value is out of range, must be positive\r\n");
            assertThat(leader.call("DEBUG", "POPULATE", "1", "k", "-5")).isEqualTo("-ERR value is out of range, must be positive\r\n");
            assertThat(leader.call("DEBUG", "POPULATE")).isEqualTo(
                    "-ERR unknown subcommand or wrong number of arguments for 'POPULATE'. Try DEBUG HELP.\r\n");
            assertThat(leader.call("DEBUG", "nosuch")).isEqualTo(
                    "-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n");
            assertThat(leader.call("DEBUG", "CHANGE-REPL-ID")).isEqualTo("-ERR not supported by RedisRaft\r\n");
            assertThat(leader.call("DEBUG")).isEqualTo("-ERR wrong number of arguments for 'debug' command\r\n");

            assertThat(leader.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
            assertThat(leader.call("DEBUG", "SLEEP", "abc")).isEqualTo("+OK\r\n");
            // Only the caller waits: the node goes on serving others meanwhile.
            leader.send(RawClient.command("DEBUG", "SLEEP", "0.3"));
            assertThat(follower.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(leader.readReply()).isEqualTo("+OK\r\n");

            String help = leader.call("DEBUG", "HELP");
            assertThat(help).startsWith("*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                    .contains("+POPULATE <count> [<prefix>] [<size>]\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
        }
    }

    @Test
    void debugIsRefusedAsByRedisWithoutEnableDebugCommand() throws Exception {
        int[] p = cluster.form(1);
        try (RawClient c = new RawClient(p[0])) {
            assertThat(c.call("DEBUG", "POPULATE", "1")).isEqualTo("-ERR DEBUG command not allowed. If the "
                    + "enable-debug-command option is set to \"local\", you can run it from a local connection, "
                    + "otherwise you need to set this option in the configuration file, and then restart the server.\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
        }
        int port = InProcessCluster.freePort();
        cluster.start("local", port, "--enable-debug-command", "local");
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n"); // a loopback client
        }
    }
}

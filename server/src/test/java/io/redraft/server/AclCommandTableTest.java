package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated from the command table, so that a new command cannot slip through: for every ACL
 * category, a user with every command but that category's is refused each command of the category
 * (sent with as many arguments as its arity asks, through the real routing decision), and every
 * RAFT.* command is in @raft. Commands that every user may run (AUTH, HELLO, QUIT, RESET: Redis's
 * no_auth) are the only ones outside the check, and the test says so.
 */
class AclCommandTableTest {
    private static InProcessCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(Files.createTempDirectory("acl-table"));
        port = cluster.form(1)[0];
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    /** Leaf commands (containers answer an unknown subcommand first) by category, as the ACL sees them. */
    private static Map<String, List<ServerCommand>> byCategory() {
        Map<String, List<ServerCommand>> out = new TreeMap<>();
        ServerCommandTable t = ServerCommandTable.get();
        for (ServerCommand c : t.all()) {
            if (c.route() == Route.INTERNAL || c.info().has("no_auth")) continue;
            if (!c.isSubcommand() && !t.subcommands(c.name()).isEmpty()) continue;
            List<String> cats = new ArrayList<>(c.info().aclCategories());
            if (c.name().startsWith("raft")) cats.add("raft");
            assertThat(cats).as(c.name() + " has no ACL category: no rule but +@all could grant or deny it").isNotEmpty();
            for (String cat : cats) out.computeIfAbsent(cat, k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    private static String[] argv(ServerCommand c) {
        int n = Math.max(Math.abs(c.info().arity()), c.isSubcommand() ? 2 : 1);
        String[] a = new String[n];
        String name = c.name();
        int bar = name.indexOf('|');
        a[0] = bar < 0 ? name : name.substring(0, bar);
        int i = 1;
        if (bar >= 0) a[i++] = name.substring(bar + 1);
        for (; i < n; i++) a[i] = "1"; // a number suits numeric arguments; the command is refused before it runs
        return a;
    }

    @Test
    void everyCommandOfACategoryIsRefusedToAUserWithoutIt() throws Exception {
        Map<String, List<ServerCommand>> cats = byCategory();
        try (RawClient admin = new RawClient(port)) {
            String listed = admin.call("ACL", "CAT");
            for (String cat : cats.keySet()) assertThat(listed).as("ACL CAT lists " + cat).contains("\r\n" + cat + "\r\n");
            int checked = 0;
            for (Map.Entry<String, List<ServerCommand>> e : cats.entrySet()) {
                String user = "no-" + e.getKey();
                assertThat(admin.call("ACL", "SETUSER", user, "on", ">pw", "+@all", "-@" + e.getKey(), "~*", "&*"))
                        .isEqualTo("+OK\r\n");
                try (RawClient c = new RawClient(port)) {
                    assertThat(c.call("AUTH", user, "pw")).isEqualTo("+OK\r\n");
                    StringBuilder pipeline = new StringBuilder();
                    for (ServerCommand cmd : e.getValue()) pipeline.append(RawClient.command(argv(cmd)));
                    c.send(pipeline.toString());
                    for (ServerCommand cmd : e.getValue()) {
                        assertThat(c.readReply()).as(String.join(" ", argv(cmd)) + " as " + user)
                                .isEqualTo("-NOPERM this user has no permissions to run the '" + cmd.name() + "' command\r\n");
                        checked++;
                    }
                    assertThat(c.call("PING")).as("the connection still serves").isIn("+PONG\r\n",
                            "-NOPERM this user has no permissions to run the 'ping' command\r\n");
                }
            }
            assertThat(checked).isGreaterThan(900);
        }
    }

    @Test
    void raftCommandsNeedTheRaftCategory() throws Exception {
        try (RawClient admin = new RawClient(port)) {
            admin.call("ACL", "SETUSER", "client", "on", ">pw", "+@all", "-@raft", "~*", "&*");
            admin.call("ACL", "SETUSER", "peer", "on", ">pw", "-@all", "+@raft");
            try (RawClient c = new RawClient(port); RawClient p = new RawClient(port)) {
                assertThat(c.call("AUTH", "client", "pw")).isEqualTo("+OK\r\n");
                assertThat(p.call("AUTH", "peer", "pw")).isEqualTo("+OK\r\n");
                for (String cmd : new String[] {"RAFT.AE", "RAFT.REQUESTVOTE", "RAFT.NODE", "RAFT.CLUSTER", "RAFT.DEBUG",
                    "RAFT.PEER", "RAFT.SNAPSHOT", "RAFT.TIMEOUT_NOW", "RAFT.ENTRY", "RAFT.TRANSFER_LEADER"}) {
                    assertThat(c.call(cmd, "x")).as(cmd).isEqualTo("-NOPERM this user has no permissions to run the '"
                            + cmd.toLowerCase() + "' command\r\n");
                }
                assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
                assertThat(p.call("RAFT.DEBUG", "NODECFG", "1")).doesNotStartWith("-NOPERM");
                assertThat(p.call("SET", "k", "v")).isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
                assertThat(admin.call("ACL", "DRYRUN", "client", "raft.ae", "x")).isEqualTo(
                        "$57\r\nThis user has no permissions to run the 'raft.ae' command\r\n");
            }
        }
    }
}

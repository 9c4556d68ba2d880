package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The table's routes are what a node does: on a one-node cluster every command the table says is
 * not implemented gets Redis's unknown command error (a dispatcher that answers it would need an
 * entry saying so), every refused one gets RedisRaft's refusal, every other listed one is known,
 * and every subcommand a listed container does not run gets its unknown subcommand error.
 */
class CommandRoutesClusterTest extends InProcessClusterFixture {
    /** Listed commands not sent: they end the connection or change the session, or are RPCs and admin. */
    private static final Set<String> NOT_SENT = Set.of("quit", "multi", "hello", "reset", "shutdown", "monitor");

    @Test
    void everyCommandIsAnsweredAsItsRouteSays() throws Exception {
        int[] ports = cluster.form(1);
        TreeMap<String, String> wrong = new TreeMap<>();
        try (RawClient c = new RawClient(ports[0])) {
            for (ServerCommand cmd : ServerCommandTable.get().all()) {
                String name = cmd.name();
                if (cmd.isSubcommand()) {
                    String top = cmd.info().container();
                    if (cmd.route() != Route.NOT_IMPLEMENTED || !ServerCommandTable.get().lookup(top).listed()) continue;
                    String sub = name.substring(top.length() + 1);
                    String reply = c.call(top.toUpperCase(), sub);
                    if (!reply.startsWith("-ERR ") || !reply.toLowerCase().contains("unknown subcommand")) wrong.put(name, reply);
                    continue;
                }
                if (cmd.route() == Route.ADMIN || cmd.route() == Route.INTERNAL || NOT_SENT.contains(name)) continue;
                String reply = c.call(name);
                String unknown = "-ERR unknown command '" + name + "', with args beginning with: \r\n";
                boolean ok = switch (cmd.route()) {
                    case NOT_IMPLEMENTED -> reply.equals(unknown);
                    case REFUSED -> reply.equals("-" + cmd.refusal() + "\r\n");
                    default -> !reply.startsWith("-ERR unknown command");
                };
                if (!ok) wrong.put(name, cmd.route() + " but " + reply.trim());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The store's internal commands (the leader logs them: expiry sweeps, DEBUG POPULATE's logged
     * form, EXEC's WATCH check) are unknown to a client, sent alone, inside MULTI or behind RAFT:
     * as Redis answers a command it does not have, and never run.
     */
    @Test
    void internalCommandsAreUnknownToClients() throws Exception {
        int[] ports = cluster.form(1);
        java.util.List<String> internal = ServerCommandTable.get().all().stream()
                .filter(cmd -> cmd.route() == Route.INTERNAL).map(ServerCommand::name).toList();
        assertThat(internal).contains("expire-sweep", "debug-populate", "exec-watched");
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("EXPIRE-SWEEP", "0", "10"))
                    .isEqualTo("-ERR unknown command 'EXPIRE-SWEEP', with args beginning with: '0' '10' \r\n");
            assertThat(c.call("debug-populate", "2", "p", "0"))
                    .isEqualTo("-ERR unknown command 'debug-populate', with args beginning with: '2' 'p' '0' \r\n");
            assertThat(c.call("exec-watched", "k", "0"))
                    .isEqualTo("-ERR unknown command 'exec-watched', with args beginning with: 'k' '0' \r\n");
            for (String name : internal) {
                String unknown = "-ERR unknown command '" + name + "', with args beginning with: 'a' 'b' 'c' \r\n";
                assertThat(c.call(name, "a", "b", "c")).as(name).isEqualTo(unknown);
                assertThat(c.call("RAFT", name, "a", "b", "c")).as("RAFT " + name).isEqualTo(unknown);
                assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
                assertThat(c.call(name, "a", "b", "c")).as("MULTI " + name).isEqualTo(unknown);
                assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            }
            assertThat(c.call("EXISTS", "p:0", "p:1")).isEqualTo(":0\r\n"); // nothing ran
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }
}

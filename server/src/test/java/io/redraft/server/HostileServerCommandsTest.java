package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every command a node lists in COMMAND (the node's own: CLIENT, CONFIG, INFO, OBJECT, RAFT.*, DEBUG
 * ... and the store's), sent with subcommand words, boundary numbers and junk, through a real
 * socket to a one-node cluster: each request gets a reply within the client's timeout that is not
 * an internal error, and the node keeps serving. A Java exception on the node thread used to leave
 * a client without any reply.
 */
class HostileServerCommandsTest extends InProcessClusterFixture {
    /** Commands that end or freeze the node, or change what the rest of the run can reach. */
    private static final Set<String> SKIPPED = Set.of("shutdown", "raft.nodeshutdown", "quit", "reset", "multi",
            "auth", "hello", "select", "subscribe", "psubscribe", "monitor", "sync", "psync", "replicaof", "slaveof",
            "failover", "debug", "raft.debug", "raft.node", "raft.cluster", "raft.transfer_leader", "raft.timeout_now",
            "client", "raft.ae", "raft.requestvote", "raft.snapshot", "raft.peer", "ssubscribe",
            // They may wait for ever by design (a zero timeout, replicas a one-node cluster has not).
            "blpop", "brpop", "brpoplpush", "blmove", "blmpop", "bzpopmin", "bzpopmax", "bzmpop", "xread", "xreadgroup",
            "wait", "waitaof");
    private static final String[] WORDS = {
        "0", "1", "-1", "2", "100", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808",
        "99999999999999999999", "1.5", "inf", "nan", "", "abc", "k", "*", "?", "[", "\\", "GET", "SET", "HELP",
        "LIST", "INFO", "COUNT", "DOCS", "GETKEYS", "GETKEYSANDFLAGS", "RESETSTAT", "REWRITE", "ENCODING", "FREQ",
        "IDLETIME", "REFCOUNT", "ID", "KILL", "SETNAME", "GETNAME", "NO-EVICT", "TRACKING", "ON", "OFF", "yes", "no",
        "raft.election-timeout", "maxclients", "client-output-buffer-limit", "save", "appendonly", "loglevel",
        "raft.log-max-file-size", "normal", "everything", "raft", "LIMIT", "MATCH", "TYPE", "string",
    };

    @Test
    void everyCommandAnswersAndTheNodeSurvives() throws Exception {
        int[] ports = cluster.form(1);
        SplittableRandom r = new SplittableRandom(43);
        TreeMap<String, String> failures = new TreeMap<>();
        List<String> names = new ArrayList<>();
        // A reply that never comes fails the test instead of hanging it.
        try (RawClient c = new RawClient(ports[0], 30_000)) {
            String list = c.call("COMMAND", "LIST");
            for (String line : list.split("\r\n")) {
                if (!line.isEmpty() && line.charAt(0) != '*' && line.charAt(0) != '$') names.add(line.toLowerCase());
            }
            assertThat(names).contains("config", "info", "object", "get");
            for (String name : names) {
                if (SKIPPED.contains(name)) continue;
                for (int trial = 0; trial < 40; trial++) {
                    List<String> argv = new ArrayList<>(List.of(name));
                    for (int i = r.nextInt(5); i > 0; i--) argv.add(WORDS[r.nextInt(WORDS.length)]);
                    String reply;
                    try {
                        reply = c.call(argv.toArray(String[]::new));
                    } catch (java.io.IOException e) {
                        failures.put(name, String.join(" ", argv) + " -> no reply: " + e);
                        break;
                    }
                    if (reply.contains("internal error")) failures.putIfAbsent(name, String.join(" ", argv) + " -> " + reply);
                }
            }
        }
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("SET", "still", "here")).isEqualTo("+OK\r\n");
        }
        assertThat(failures).isEmpty();
    }
}

package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server commands operators use, against a live redis-server 7.0.15 in RESP2 and RESP3:
 * argument errors and help texts byte for byte, CLIENT REPLY's effect on a pipeline, SLOWLOG's
 * entry shape, INFO's section lists, MONITOR's line format, CLIENT PAUSE holding writes, and
 * active expiry of keys nobody reads.
 */
class ServerCommandsDiffTest extends BesideRedisFixture {
    private static final String[][] SAME = {
            {"CLIENT", "KILL", "TYPE", "foo"}, {"CLIENT", "KILL", "USER", "nobody"}, {"CLIENT", "KILL", "MAXAGE", "5"},
            {"CLIENT", "KILL", "SKIPME", "maybe"}, {"CLIENT", "KILL", "ID", "0"}, {"CLIENT", "KILL", "ID", "1", "TYPE"},
            {"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "KILL", "ADDR", "1.2.3.4:5"}, {"CLIENT", "KILL", "TYPE", "pubsub"},
            {"CLIENT", "REPLY", "foo"}, {"CLIENT", "REPLY"}, {"CLIENT", "REPLY", "on", "x"},
            {"CLIENT", "NO-EVICT", "on"}, {"CLIENT", "NO-EVICT", "foo"}, {"CLIENT", "NO-EVICT"},
            {"CLIENT", "PAUSE"}, {"CLIENT", "PAUSE", "10", "write", "x"}, {"CLIENT", "PAUSE", "-1"},
            {"CLIENT", "PAUSE", "abc"}, {"CLIENT", "PAUSE", "1", "foo"}, {"CLIENT", "PAUSE", "0", "write"},
            {"CLIENT", "UNPAUSE", "x"}, {"CLIENT", "UNPAUSE"}, {"CLIENT", "HELP"},
            {"SLOWLOG", "GET", "-2"}, {"SLOWLOG", "GET", "abc"}, {"SLOWLOG", "foo"}, {"SLOWLOG", "RESET", "x"},
            {"SLOWLOG", "HELP"}, {"SLOWLOG"},
            {"LATENCY", "LATEST"}, {"LATENCY", "HISTORY"}, {"LATENCY", "HISTORY", "command"}, {"LATENCY", "foo"},
            {"LATENCY", "DOCTOR"}, {"LATENCY", "GRAPH", "command"}, {"LATENCY", "RESET"}, {"LATENCY", "RESET", "a", "b"},
            {"LATENCY", "HELP"},
            {"ROLE", "x"}, {"LASTSAVE", "x"}, {"MONITOR", "x"}, {"LOLWUT", "VERSION", "x"}, {"LATENCY"},
            {"SHUTDOWN", "ABORT"}, {"SHUTDOWN", "foo"}, {"SHUTDOWN", "NOSAVE", "SAVE"}, {"SHUTDOWN", "ABORT", "NOW"},
            {"CONFIG", "SET", "hz", "5", "foo", "1"}, {"CONFIG", "SET", "maxmemory", "1", "hz", "abc"},
            {"CONFIG", "GET", "hz"}, {"CONFIG", "SET", "hz", "10"},
            {"MEMORY"}, {"MEMORY", "FOO"}, {"MEMORY", "HELP"}, {"MEMORY", "USAGE"}, {"MEMORY", "USAGE", "nokey"},
            {"MEMORY", "USAGE", "nokey", "SAMPLES", "-1"}, {"MEMORY", "STATS", "x"}, {"MEMORY", "PURGE"},
            {"SET", "mk", "hello"}, {"MEMORY", "USAGE", "mk"}, {"MEMORY", "USAGE", "mk", "SAMPLES", "0"},
    };

    @Test
    void errorsAndHelpTextsAreRedisBytes() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (int proto : new int[] {2, 3}) {
            try (RawClient ours = new RawClient(node); RawClient theirs = new RawClient(redis.port())) {
                ours.call("HELLO", Integer.toString(proto));
                theirs.call("HELLO", Integer.toString(proto));
                for (String[] c : SAME) {
                    String a = ours.call(c), b = theirs.call(c);
                    if (!a.equals(b)) mismatches.add("RESP" + proto + " " + String.join(" ", c) + "\n ours:   " + a + "\n theirs: " + b);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void lolwutIsTheVersionLineAsRedis7() throws Exception {
        try (RawClient c = new RawClient(node)) {
            assertThat(c.call("LOLWUT", "foo")).isEqualTo("$17\r\nRedis ver. 7.2.4\n\r\n");
        }
        try (RawClient c = new RawClient(redis.port())) {
            assertThat(c.call("LOLWUT", "foo")).isEqualTo("$18\r\nRedis ver. 7.0.15\n\r\n");
        }
    }

    @Test
    void clientReplyOffAndSkipDropRepliesAsRedisDoes() throws Exception {
        String[][] pipeline = {{"CLIENT", "REPLY", "OFF"}, {"SET", "k", "1"}, {"GET", "k"}, {"CLIENT", "REPLY", "ON"},
                {"GET", "k"}, {"CLIENT", "REPLY", "SKIP"}, {"SET", "k", "2"}, {"GET", "k"}, {"CLIENT", "REPLY", "SKIP"},
                {"INCR", "k"}, {"INCR", "k"}, {"PING"}};
        assertThat(pipelined(node, pipeline)).isEqualTo(pipelined(redis.port(), pipeline))
                .isEqualTo("+OK\r\n$1\r\n1\r\n$1\r\n2\r\n:4\r\n+PONG\r\n");
    }

    private static String pipelined(int port, String[][] commands) throws Exception {
        try (RawClient c = new RawClient(port)) {
            StringBuilder all = new StringBuilder();
            for (String[] cmd : commands) all.append(RawClient.command(cmd));
            c.send(all.toString());
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 5; i++) got.append(c.readReply());
            return got.toString();
        }
    }

    @Test
    void infoSectionListsFollowRedis() throws Exception {
        for (String[] asked : new String[][] {{"INFO"}, {"INFO", "default"}, {"INFO", "all"}, {"INFO", "server", "clients"},
                {"INFO", "clients", "server"}, {"INFO", "commandstats", "errorstats"}, {"INFO", "latencystats"}}) {
            try (RawClient ours = new RawClient(node); RawClient theirs = new RawClient(redis.port())) {
                ours.call("SET", "x", "1");
                theirs.call("SET", "x", "1");
                assertThat(titles(ours.call(asked))).as(String.join(" ", asked)).isEqualTo(titles(theirs.call(asked)));
            }
        }
        try (RawClient ours = new RawClient(node)) {
            String everything = ours.call("INFO", "everything");
            assertThat(everything).contains("# Commandstats", "# Latencystats", "# raft_general");
            assertThat(ours.call("INFO", "commandstats"))
                    .containsPattern("cmdstat_set:calls=\\d+,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0\r\n");
            assertThat(ours.call("INFO", "memory")).containsPattern("\r\nmem_fragmentation_ratio:\\d+\\.\\d\\d\r\nmem_fragmentation_bytes:\\d+\r\n");
            assertThat(ours.call("INFO", "latencystats")).containsPattern("latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99.9=\\d+\\.\\d{3}\r\n");
            ours.call("GET");
            ours.call("CLIENT", "REPLY", "foo");
            assertThat(ours.call("INFO", "commandstats")).contains("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0")
                    .containsPattern("cmdstat_client\\|reply:calls=1,usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=0,failed_calls=1");
            assertThat(ours.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
            assertThat(ours.call("INFO", "commandstats")).doesNotContain("cmdstat_set");
        }
    }

    /**
     * CONFIG GET with several parameters (a glob and a repeat among them) answers the same pairs as
     * Redis (in its own order: Redis's is its hash table's), and CONFIG SET with several is all or
     * nothing: a bad value anywhere leaves every parameter as it was, with Redis's error.
     */
    @Test
    void configGetAndSetTakeSeveralParameters() throws Exception {
        String[][] script = {{"CONFIG", "GET", "hz", "maxmemory", "hz", "slowlog*", "nosuch"},
                {"CONFIG", "SET", "hz", "15", "slowlog-max-len", "64"}, {"CONFIG", "GET", "hz", "slowlog-max-len"},
                {"CONFIG", "SET", "hz", "20", "slowlog-max-len", "abc"}, {"CONFIG", "GET", "hz", "slowlog-max-len"},
                {"CONFIG", "SET", "slowlog-max-len", "32", "maxmemory", "1gb", "hz", "-5"},
                {"CONFIG", "GET", "hz", "slowlog-max-len", "maxmemory"}, {"CONFIG", "SET", "hz", "10", "hz", "11"},
                {"CONFIG", "GET", "hz"}, {"CONFIG", "SET", "hz", "10", "slowlog-max-len", "128"},
                {"CONFIG", "GET", "hz", "slowlog-max-len"}};
        List<String> mismatches = new ArrayList<>();
        for (int proto : new int[] {2, 3}) {
            try (RawClient ours = new RawClient(node); RawClient theirs = new RawClient(redis.port())) {
                ours.call("HELLO", Integer.toString(proto));
                theirs.call("HELLO", Integer.toString(proto));
                for (String[] c : script) {
                    String a = pairs(ours.call(c)), b = pairs(theirs.call(c));
                    if (!a.equals(b)) mismatches.add("RESP" + proto + " " + String.join(" ", c) + "\n ours:   " + a + "\n theirs: " + b);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** A CONFIG GET reply's name/value pairs sorted (the header kept); other replies as they are. */
    private static String pairs(String reply) {
        if (!reply.startsWith("*") && !reply.startsWith("%")) return reply;
        String[] lines = reply.split("\r\n");
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) if (!lines[i].startsWith("$")) values.add(lines[i]);
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < values.size(); i += 2) out.add(values.get(i) + "=" + values.get(i + 1));
        java.util.Collections.sort(out);
        return lines[0] + " " + out;
    }

    /**
     * CLIENT INFO and CLIENT LIST print Redis 7.0's fields in its order (then 7.2's lib-name and
     * lib-ver), with the same values wherever they describe the connection rather than its buffers.
     */
    @Test
    void clientInfoPrintsRedisFields() throws Exception {
        List<String> stable = List.of("name", "flags", "db", "sub", "psub", "ssub", "multi", "events", "cmd", "user",
                "redir", "resp");
        for (int proto : new int[] {2, 3}) {
            try (RawClient ours = new RawClient(node); RawClient theirs = new RawClient(redis.port())) {
                for (RawClient c : new RawClient[] {ours, theirs}) {
                    c.call("HELLO", Integer.toString(proto));
                    c.call("CLIENT", "SETNAME", "probe");
                }
                for (String what : new String[] {"INFO", "LIST"}) {
                    java.util.LinkedHashMap<String, String> a = clientFields(ours.call("CLIENT", what));
                    java.util.LinkedHashMap<String, String> b = clientFields(theirs.call("CLIENT", what));
                    List<String> names = new ArrayList<>(b.keySet());
                    names.addAll(List.of("lib-name", "lib-ver"));
                    assertThat(new ArrayList<>(a.keySet())).as("RESP" + proto + " CLIENT " + what).isEqualTo(names);
                    for (String f : stable) assertThat(a.get(f)).as("RESP" + proto + " CLIENT " + what + " " + f).isEqualTo(b.get(f));
                }
            }
        }
    }

    /** The fields of the first line of a CLIENT INFO/LIST reply (RESP2 bulk or RESP3 verbatim). */
    private static java.util.LinkedHashMap<String, String> clientFields(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2);
        if (body.startsWith("txt:")) body = body.substring(4);
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (String kv : body.split("\n")[0].trim().split(" ")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    private static List<String> titles(String info) {
        List<String> out = new ArrayList<>();
        for (String l : info.split("\r\n")) if (l.startsWith("# ")) out.add(l);
        return out;
    }

    @Test
    void slowlogEntriesHaveRedisShape() throws Exception {
        String big = "x".repeat(200);
        List<String> shapes = new ArrayList<>();
        for (int port : new int[] {node, redis.port()}) {
            try (RawClient c = new RawClient(port)) {
                c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
                c.call("SLOWLOG", "RESET");
                String[] many = new String[40];
                many[0] = "SADD";
                many[1] = "s";
                for (int i = 2; i < many.length; i++) many[i] = i == 2 ? big : "m" + i;
                c.call(many);
                c.call("CLIENT", "SETNAME", "me");
                String got = c.call("SLOWLOG", "GET", "1");
                // id, time, duration and the client's port differ; the rest is Redis's.
                shapes.add(got.replaceAll(":\\d+\r\n", ":N\r\n").replaceAll("127\\.0\\.0\\.1:\\d+", "ADDR")
                        .replaceAll("\\$\\d+\r\nADDR", "\\$N\r\nADDR"));
                assertThat(c.call("SLOWLOG", "LEN")).isNotEqualTo(":0\r\n");
                c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            }
        }
        assertThat(shapes.get(0)).isEqualTo(shapes.get(1));
    }

    @Test
    void monitorShowsEachCommandInRedisFormat() throws Exception {
        Pattern line = Pattern.compile("\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"k\\\\n\\\\x01\\\\\"\" \"v\"\r\n");
        try (RawClient monitor = new RawClient(node); RawClient c = new RawClient(node)) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            c.call("SET", "k\n\u0001\"", "v");
            c.call("AUTH", "secret");
            assertThat(monitor.readReply()).matches(line);
            assertThat(monitor.readReply()).endsWith("] \"AUTH\" \"(redacted)\"\r\n");
            assertThat(c.call("CLIENT", "LIST")).contains("flags=O ");
        }
    }

    @Test
    void clientPauseWriteHoldsWritesNotReads() throws Exception {
        try (RawClient admin = new RawClient(node); RawClient c = new RawClient(node)) {
            c.call("SET", "k", "v");
            assertThat(admin.call("CLIENT", "PAUSE", "800", "WRITE")).isEqualTo("+OK\r\n");
            long t0 = System.nanoTime();
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            long read = System.nanoTime() - t0;
            assertThat(c.call("SET", "k", "w")).isEqualTo("+OK\r\n");
            long write = System.nanoTime() - t0;
            assertThat(read).isLessThan(500_000_000L);
            assertThat(write).isGreaterThan(500_000_000L);
            // Redis 7.0 holds every command under PAUSE ALL, CLIENT UNPAUSE included: only the timeout ends it.
            assertThat(admin.call("CLIENT", "PAUSE", "600", "ALL")).isEqualTo("+OK\r\n");
            long t1 = System.nanoTime();
            assertThat(c.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(System.nanoTime() - t1).isGreaterThan(400_000_000L);
        }
    }

    @Test
    void shortTtlKeysNobodyReadsExpire() throws Exception {
        try (RawClient c = new RawClient(node)) {
            c.call("FLUSHALL");
            for (int i = 0; i < 100; i++) c.call("SET", "ttl" + i, "v", "PX", Integer.toString(1000 + 10 * i));
            assertThat(c.call("DBSIZE")).isEqualTo(":100\r\n");
            long deadline = System.nanoTime() + 6_000_000_000L;
            String size;
            do {
                Thread.sleep(100);
                size = c.call("DBSIZE");
            } while (!size.equals(":0\r\n") && System.nanoTime() < deadline);
            assertThat(size).isEqualTo(":0\r\n");
        }
    }
}

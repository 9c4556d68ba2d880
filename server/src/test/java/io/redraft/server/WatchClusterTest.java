package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;

/**
 * WATCH / EXEC optimistic locking on a 3-node cluster: the versions recorded at WATCH travel in
 * the EXEC entry, so every replica aborts or runs the transaction alike. The same scripted
 * sessions run against redis-server (when installed) must give the same replies.
 */
class WatchClusterTest extends InProcessClusterFixture {
    private Process redisProcess;

    @AfterEach
    void stop() {
        if (redisProcess != null) redisProcess.destroy();
    }

    @Test
    void execAbortsWhenAWatchedKeyChangedOrExpired() throws Exception {
        int port = cluster.form(3)[0]; // n1 leads
        try (Jedis a = new Jedis("127.0.0.1", port); Jedis b = new Jedis("127.0.0.1", port)) {
            a.set("k", "1");
            a.watch("k");
            b.set("k", "2");
            Transaction t = a.multi();
            t.set("k", "from-a");
            assertThat(t.exec()).isNull();
            assertThat(a.get("k")).isEqualTo("2");

            a.watch("k");
            t = a.multi();
            t.incr("n");
            assertThat(t.exec()).containsExactly(1L);

            // Expiry after WATCH aborts too, as in Redis 7.
            a.set("e", "v", SetParams.setParams().px(200));
            a.watch("e");
            await(() -> String.valueOf(b.exists("e")), r -> r.equals("false"));
            t = a.multi();
            t.set("x", "1");
            assertThat(t.exec()).isNull();

            // UNWATCH forgets; DISCARD too.
            a.watch("k");
            a.unwatch();
            b.set("k", "3");
            t = a.multi();
            t.get("k");
            assertThat(t.exec()).containsExactly("3");
            a.watch("k");
            a.multi().discard();
            b.set("k", "4");
            t = a.multi();
            t.get("k");
            assertThat(t.exec()).containsExactly("4");

            // A read-only transaction aborts as well.
            a.watch("k");
            b.del("k");
            t = a.multi();
            t.get("k");
            assertThat(t.exec()).isNull();
        }
    }

    /** Two sessions' scripted commands, interleaved; replies must equal redis-server's. */
    private static List<String> script(int port) throws Exception {
        List<String> out = new ArrayList<>();
        try (RawClient a = new RawClient(port); RawClient b = new RawClient(port)) {
            a.call("DEL", "w1", "w2", "w3");
            String[][] steps = {
                {"a", "SET", "w1", "v"}, {"a", "WATCH", "w1", "w2"}, {"b", "SET", "w2", "x"}, {"a", "MULTI"},
                {"a", "GET", "w1"}, {"a", "EXEC"},
                {"a", "WATCH", "w1"}, {"a", "MULTI"}, {"a", "WATCH", "w2"}, {"a", "SET", "w1", "y"}, {"a", "EXEC"},
                {"a", "WATCH", "w3"}, {"b", "DEL", "w3"}, {"a", "MULTI"}, {"a", "SET", "w3", "1"}, {"a", "EXEC"},
                {"a", "WATCH", "w1"}, {"b", "APPEND", "w1", "z"}, {"a", "MULTI"}, {"a", "INCR", "w3"}, {"a", "EXEC"},
                {"a", "WATCH", "w1"}, {"a", "SET", "w1", "self"}, {"a", "MULTI"}, {"a", "GET", "w1"}, {"a", "EXEC"},
                {"a", "WATCH"}, {"a", "UNWATCH"}, {"a", "EXEC"}, {"a", "DISCARD"},
                {"a", "WATCH", "w2"}, {"b", "HSET", "w2", "f", "v"}, {"a", "MULTI"}, {"a", "NOSUCH"}, {"a", "EXEC"},
            };
            for (String[] s : steps) {
                RawClient c = s[0].equals("a") ? a : b;
                out.add(String.join(" ", java.util.Arrays.copyOfRange(s, 1, s.length)) + " -> "
                        + c.call(java.util.Arrays.copyOfRange(s, 1, s.length)));
            }
        }
        return out;
    }

    @Test
    void watchRepliesMatchRedis() throws Exception {
        File bin = new File("/usr/bin/redis-server");
        org.junit.jupiter.api.Assumptions.assumeTrue(bin.canExecute(), "redis-server not installed");
        int rport = freePort();
        redisProcess = new ProcessBuilder(bin.getPath(), "--port", Integer.toString(rport), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await(() -> {
            try (RawClient c = new RawClient(rport)) {
                return c.call("PING");
            }
        }, r -> r.equals("+PONG\r\n"));
        List<String> theirs = script(rport);
        List<String> ours = script(cluster.form(3)[0]);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }
}

package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking commands against a live redis-server 7.0, byte for byte: served at once, refused
 * arguments, timeouts (fractional seconds), waits served by a push from another client,
 * several keys, fairness (first blocked, first served), MULTI (no wait), CLIENT UNBLOCK, RESP3.
 * Each scenario runs once against redis-server and once against a one-node Redraft cluster.
 */
class BlockingDiffTest extends InProcessClusterFixture {
    private RedisProcess redis;
    private int ours;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        redis = RedisProcess.start();
        ours = cluster.form(1)[0];
    }

    @AfterEach
    void stop() throws Exception {
        if (redis != null) redis.close();
    }

    interface Scenario {
        void run(int port, List<String> replies) throws Exception;
    }

    private void same(Scenario s) throws Exception {
        List<String> theirs = new ArrayList<>();
        s.run(redis.port(), theirs);
        List<String> mine = new ArrayList<>();
        s.run(ours, mine);
        assertThat(mine).containsExactlyElementsOf(theirs);
    }

    private static RawClient client(int port) throws Exception {
        return new RawClient("127.0.0.1", port, 10_000);
    }

    /** Waits until the server counts {@code n} blocked clients. */
    private static void blocked(RawClient admin, int n) throws Exception {
        InProcessCluster.await(Duration.ofSeconds(10), () -> admin.call("INFO", "clients"),
                r -> r.contains("blocked_clients:" + n + "\r\n"));
    }

    @Test
    void servedAtOnce() throws Exception {
        same((port, out) -> {
            try (RawClient c = client(port)) {
                c.call("FLUSHALL");
                out.add(c.call("RPUSH", "l", "a", "b", "c", "d", "e"));
                out.add(c.call("BLPOP", "nothing", "l", "0"));
                out.add(c.call("BRPOP", "l", "nothing", "1.5"));
                out.add(c.call("BRPOPLPUSH", "l", "dst", "0"));
                out.add(c.call("BLMOVE", "l", "dst", "LEFT", "LEFT", "0"));
                out.add(c.call("LRANGE", "dst", "0", "-1"));
                out.add(c.call("BLMPOP", "0", "2", "nothing", "dst", "RIGHT", "COUNT", "5"));
                out.add(c.call("ZADD", "z", "1", "a", "2", "b", "3.5", "c", "4", "d"));
                out.add(c.call("BZPOPMIN", "none", "z", "0"));
                out.add(c.call("BZPOPMAX", "z", "0"));
                out.add(c.call("BZMPOP", "0.01", "1", "z", "MIN", "COUNT", "9"));
                out.add(c.call("EXISTS", "l", "z", "dst"));
                out.add(c.call("HELLO", "3").isEmpty() ? "" : "hello");
                out.add(c.call("ZADD", "z", "1", "a", "2", "b"));
                out.add(c.call("BZPOPMIN", "z", "0"));
                out.add(c.call("BZMPOP", "0", "1", "z", "MAX"));
                out.add(c.call("RPUSH", "l", "x"));
                out.add(c.call("BLPOP", "l", "0"));
            }
        });
    }

    @Test
    void refusedArguments() throws Exception {
        same((port, out) -> {
            try (RawClient c = client(port)) {
                c.call("FLUSHALL");
                c.call("SET", "s", "v");
                for (String t : new String[] {"-1", "abc", "1e16", "inf", "nan", " 1", "-0.5"}) {
                    out.add(c.call("BLPOP", "l", t));
                    out.add(c.call("BZPOPMAX", "z", t));
                    out.add(c.call("BLMPOP", t, "1", "l", "LEFT"));
                }
                out.add(c.call("BLPOP", "s", "0"));
                out.add(c.call("BLPOP", "empty", "s", "0"));
                out.add(c.call("BZPOPMIN", "s", "0"));
                out.add(c.call("BRPOPLPUSH", "s", "d", "0"));
                out.add(c.call("BLMOVE", "l", "d", "UP", "LEFT", "abc"));
                out.add(c.call("BLMOVE", "l", "d", "LEFT", "DOWN", "0"));
                out.add(c.call("BLMPOP", "0", "0", "l", "LEFT"));
                out.add(c.call("BLMPOP", "0", "1", "l", "MIDDLE"));
                out.add(c.call("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"));
                out.add(c.call("BLMPOP", "0", "3", "l", "LEFT"));
                out.add(c.call("BZMPOP", "0", "1", "z", "MIN", "COUNT"));
                out.add(c.call("BZMPOP", "0", "1", "z", "SIDEWAYS"));
                out.add(c.call("BLPOP", "l"));
                out.add(c.call("BRPOPLPUSH", "l", "d"));
                out.add(c.call("BZMPOP", "0", "1", "z"));
            }
        });
    }

    @Test
    void timeouts() throws Exception {
        same((port, out) -> {
            try (RawClient c = client(port)) {
                c.call("FLUSHALL");
                for (int proto : new int[] {2, 3}) {
                    c.call("HELLO", Integer.toString(proto));
                    long t0 = System.nanoTime();
                    out.add(c.call("BLPOP", "l", "l2", "0.05"));
                    out.add(c.call("BRPOP", "l", "0.01"));
                    out.add(c.call("BRPOPLPUSH", "l", "d", "0.01"));
                    out.add(c.call("BLMOVE", "l", "d", "RIGHT", "LEFT", "0.01"));
                    out.add(c.call("BLMPOP", "0.01", "2", "l", "l2", "LEFT"));
                    out.add(c.call("BZPOPMIN", "z", "0.01"));
                    out.add(c.call("BZPOPMAX", "z", "0.0001"));
                    out.add(c.call("BZMPOP", "0.02", "1", "z", "MAX", "COUNT", "2"));
                    out.add("waited " + (System.nanoTime() - t0 >= 50_000_000L));
                }
            }
        });
    }

    @Test
    void aWaitIsServedByAPushFirstBlockedFirst() throws Exception {
        same((port, out) -> {
            try (RawClient admin = client(port); RawClient a = client(port); RawClient b = client(port);
                    RawClient c = client(port); RawClient d = client(port)) {
                admin.call("FLUSHALL");
                a.send(RawClient.command("BLPOP", "q", "0"));
                blocked(admin, 1);
                b.send(RawClient.command("BRPOP", "other", "q", "0"));
                blocked(admin, 2);
                c.send(RawClient.command("BLPOP", "q", "5"));
                blocked(admin, 3);
                d.send(RawClient.command("BLMPOP", "0", "2", "q", "other", "LEFT", "COUNT", "2"));
                blocked(admin, 4);
                out.add(admin.call("RPUSH", "q", "1", "2"));
                out.add(a.readReply());
                out.add(b.readReply());
                blocked(admin, 2);
                out.add(admin.call("RPUSH", "other", "x", "y", "z"));
                out.add(d.readReply());
                blocked(admin, 1);
                out.add(admin.call("LPUSH", "q", "3"));
                out.add(c.readReply());
                out.add(admin.call("LRANGE", "other", "0", "-1"));
                out.add(admin.call("EXISTS", "q"));
            }
        });
    }

    @Test
    void movesAndSortedSetsServedByAPush() throws Exception {
        same((port, out) -> {
            try (RawClient admin = client(port); RawClient a = client(port); RawClient b = client(port);
                    RawClient c = client(port)) {
                admin.call("FLUSHALL");
                a.send(RawClient.command("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"));
                blocked(admin, 1);
                b.send(RawClient.command("BZPOPMAX", "z1", "z2", "0"));
                blocked(admin, 2);
                c.send(RawClient.command("BZMPOP", "0", "1", "z2", "MIN", "COUNT", "5"));
                blocked(admin, 3);
                out.add(admin.call("RPUSH", "src", "m", "n"));
                out.add(a.readReply());
                out.add(admin.call("ZADD", "z2", "1", "a", "2", "b", "3", "c"));
                out.add(b.readReply());
                out.add(c.readReply());
                out.add(admin.call("LRANGE", "src", "0", "-1"));
                out.add(admin.call("LRANGE", "dst", "0", "-1"));
                out.add(admin.call("EXISTS", "z2"));
            }
        });
    }

    @Test
    void insideMultiNothingWaits() throws Exception {
        same((port, out) -> {
            try (RawClient c = client(port)) {
                c.call("FLUSHALL");
                for (int proto : new int[] {2, 3}) {
                    c.call("HELLO", Integer.toString(proto));
                    out.add(c.call("MULTI"));
                    out.add(c.call("BLPOP", "l", "0"));
                    out.add(c.call("BRPOP", "l", "0"));
                    out.add(c.call("BRPOPLPUSH", "l", "d", "0"));
                    out.add(c.call("BLMOVE", "l", "d", "LEFT", "LEFT", "0"));
                    out.add(c.call("BLMPOP", "0", "1", "l", "LEFT"));
                    out.add(c.call("BZPOPMIN", "z", "0"));
                    out.add(c.call("BZMPOP", "0", "1", "z", "MIN"));
                    out.add(c.call("BLPOP", "l", "-1"));
                    out.add(c.call("RPUSH", "l", "v"));
                    out.add(c.call("BLPOP", "l", "0"));
                    out.add(c.call("EXEC"));
                }
            }
        });
    }

    @Test
    void clientUnblock() throws Exception {
        same((port, out) -> {
            try (RawClient admin = client(port); RawClient a = client(port)) {
                admin.call("FLUSHALL");
                String id = a.call("CLIENT", "ID").substring(1).trim();
                a.send(RawClient.command("BLPOP", "q", "0"));
                blocked(admin, 1);
                out.add(admin.call("CLIENT", "UNBLOCK", id));
                out.add(a.readReply());
                out.add(admin.call("CLIENT", "UNBLOCK", id));
                a.send(RawClient.command("BZPOPMIN", "z", "0"));
                blocked(admin, 1);
                out.add(admin.call("CLIENT", "UNBLOCK", id, "TIMEOUT"));
                out.add(a.readReply());
                a.send(RawClient.command("BRPOPLPUSH", "q", "d", "0"));
                blocked(admin, 1);
                out.add(admin.call("CLIENT", "UNBLOCK", id, "bogus"));
                out.add(admin.call("CLIENT", "UNBLOCK", id, "ERROR"));
                out.add(a.readReply());
                out.add(a.call("PING"));
                out.add(admin.call("CLIENT", "UNBLOCK", "notanumber"));
                out.add(admin.call("CLIENT", "UNBLOCK", "999999"));
                out.add(admin.call("CLIENT", "UNBLOCK"));
                out.add(admin.call("CLIENT", "UNBLOCK", id, "ERROR", "extra"));
                out.add(admin.call("RPUSH", "q", "v"));
                out.add(admin.call("LRANGE", "q", "0", "-1"));
            }
        });
    }

    @Test
    void aScriptsPushServesAWaitAndAScriptNeverWaits() throws Exception {
        same((port, out) -> {
            try (RawClient admin = client(port); RawClient a = client(port)) {
                admin.call("FLUSHALL");
                a.send(RawClient.command("BLPOP", "q", "0"));
                blocked(admin, 1);
                out.add(admin.call("EVAL", "return redis.call('RPUSH', KEYS[1], 'v')", "1", "q"));
                out.add(a.readReply());
                out.add(admin.call("EVAL", "return redis.call('BLMPOP', 0, 1, KEYS[1], 'LEFT')", "1", "q"));
                out.add(admin.call("EVAL", "return redis.call('BLPOP', KEYS[1], 0)", "1", "q"));
            }
        });
    }

    @Test
    void streamReadsWithBlockWaitForEntries() throws Exception {
        same((port, out) -> {
            try (RawClient admin = client(port); RawClient a = client(port); RawClient b = client(port);
                    RawClient c = client(port)) {
                admin.call("FLUSHALL");
                out.add(admin.call("XADD", "s", "1-1", "f", "old"));
                out.add(admin.call("XGROUP", "CREATE", "s", "g", "$"));
                out.add(admin.call("XREAD", "BLOCK", "10", "STREAMS", "s", "$"));
                out.add(admin.call("XREAD", "BLOCK", "-1", "STREAMS", "s", "$"));
                out.add(admin.call("XREAD", "BLOCK", "x", "STREAMS", "s", "$"));
                out.add(admin.call("XREAD", "BLOCK", "0", "STREAMS", "s", "0"));
                a.send(RawClient.command("XREAD", "BLOCK", "0", "STREAMS", "s", "new", "$", "$"));
                blocked(admin, 1);
                b.send(RawClient.command("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", ">"));
                blocked(admin, 2);
                c.send(RawClient.command("XREAD", "COUNT", "5", "BLOCK", "50", "STREAMS", "other", "$"));
                out.add(c.readReply());
                out.add(admin.call("XADD", "s", "2-1", "f", "v2"));
                out.add(a.readReply());
                out.add(b.readReply());
                out.add(admin.call("XPENDING", "s", "g"));
                a.send(RawClient.command("XREAD", "BLOCK", "0", "STREAMS", "new", "s", "$", "$"));
                blocked(admin, 1);
                out.add(admin.call("XADD", "new", "5-5", "k", "v"));
                out.add(a.readReply());
                out.add(admin.call("MULTI"));
                out.add(admin.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$"));
                out.add(admin.call("EXEC"));
            }
        });
    }
}

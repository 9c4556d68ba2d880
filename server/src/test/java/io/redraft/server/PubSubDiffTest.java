package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub, RESET, keyspace notifications and client tracking against redis-server 7.0: the same
 * script of several connections runs on both, and every frame each connection receives (replies,
 * RESP2 messages, RESP3 pushes, in the order received) must be the same bytes. Each step reads
 * the number of frames Redis sends for it, so a missing frame times out and an extra one shows
 * up in the next read.
 */
class PubSubDiffTest extends InProcessClusterFixture {
    /** One connection's action: send {@code cmd} (or nothing) and read {@code frames} frames. */
    private record Step(int client, int frames, boolean shown, String[] cmd) {
    }

    private final List<Step> steps = new ArrayList<>();

    private void send(int client, int frames, String... cmd) {
        steps.add(new Step(client, frames, true, cmd));
    }

    /** Sent and read, not compared (HELLO names the server and its version). */
    private void quiet(int client, int frames, String... cmd) {
        steps.add(new Step(client, frames, false, cmd));
    }

    private void read(int client, int frames) {
        steps.add(new Step(client, frames, true, new String[0]));
    }

    private static final int CLIENTS = 11;

    private void script() {
        // RESP2 subscribed mode: what is allowed, what is refused, and Redis's errors first.
        send(0, 2, "SUBSCRIBE", "a", "b");
        send(0, 1, "GET", "x");
        send(0, 1, "PING");
        send(0, 1, "PING", "hi");
        send(0, 1, "SET", "x");
        send(0, 1, "NOSUCH", "y");
        send(0, 1, "CLIENT", "GETNAME");
        send(0, 1, "PUBSUB", "NUMPAT");
        send(0, 1, "PSUBSCRIBE", "p*");
        send(0, 1, "SSUBSCRIBE", "s1");
        send(0, 1, "SUBSCRIBE", "a");
        send(1, 1, "PUBLISH", "a", "hello");
        read(0, 1);
        send(1, 1, "PUBLISH", "pq", "to-pattern");
        read(0, 1);
        send(1, 1, "PUBLISH", "nobody", "x");
        send(1, 1, "SPUBLISH", "s1", "sharded");
        read(0, 1);
        send(1, 1, "PUBSUB", "CHANNELS", "a*");
        send(1, 1, "PUBSUB", "NUMSUB", "a", "b", "zz");
        send(1, 1, "PUBSUB", "NUMSUB");
        send(1, 1, "PUBSUB", "NUMPAT");
        send(1, 1, "PUBSUB", "SHARDCHANNELS");
        send(1, 1, "PUBSUB", "SHARDNUMSUB", "s1", "s2");
        send(1, 1, "PUBSUB", "HELP");
        send(1, 1, "PUBSUB", "FOO");
        send(1, 1, "PUBSUB");
        send(1, 1, "PUBSUB", "NUMPAT", "x");
        send(1, 1, "PUBSUB", "CHANNELS", "a", "b");
        send(0, 1, "UNSUBSCRIBE", "b");
        send(0, 1, "PUNSUBSCRIBE");
        send(0, 1, "SUNSUBSCRIBE");
        send(0, 1, "SUNSUBSCRIBE");
        send(0, 1, "UNSUBSCRIBE");
        send(0, 1, "UNSUBSCRIBE");
        send(0, 1, "GET", "x");
        send(0, 1, "SUBSCRIBE");

        // RESP3: pushes, and every command still allowed.
        quiet(2, 1, "HELLO", "3");
        send(2, 1, "SUBSCRIBE", "r");
        send(2, 1, "PSUBSCRIBE", "r*");
        send(2, 1, "GET", "x");
        send(2, 1, "PING");
        send(1, 1, "PUBLISH", "r", "twice");
        read(2, 2);
        send(2, 2, "UNSUBSCRIBE", "r", "zz");
        send(2, 1, "PUNSUBSCRIBE");
        send(2, 1, "SUNSUBSCRIBE");

        // RESET: silent unsubscribe, RESP2 again, name gone; it also ends a MULTI.
        send(3, 1, "CLIENT", "SETNAME", "n");
        send(3, 1, "SUBSCRIBE", "q");
        send(3, 1, "RESET");
        send(3, 1, "CLIENT", "GETNAME");
        send(3, 1, "PUBSUB", "NUMSUB", "q");
        quiet(3, 1, "HELLO", "3");
        send(3, 1, "PSUBSCRIBE", "z*");
        send(3, 1, "RESET");
        send(3, 1, "PING");
        send(3, 1, "MULTI");
        send(3, 1, "RESET");
        send(3, 1, "EXEC");
        send(3, 1, "RESET", "x");

        // Keyspace notifications, as CONFIG SET turns them on and off.
        send(4, 1, "PSUBSCRIBE", "__key*");
        send(1, 1, "CONFIG", "SET", "notify-keyspace-events", "KEA");
        send(1, 1, "SET", "k", "v");
        read(4, 2);
        send(1, 1, "LPUSH", "l", "1", "2");
        read(4, 2);
        send(1, 1, "EVAL", "redis.call('incr', KEYS[1]) return redis.call('publish', 'from-script', 'hi')", "1", "sc");
        read(4, 2);
        send(1, 1, "EXPIRE", "l", "100");
        read(4, 2);
        send(1, 1, "DEL", "k", "l", "none");
        read(4, 4);
        send(1, 1, "CONFIG", "SET", "notify-keyspace-events", "Eg");
        send(1, 1, "SET", "k", "v");
        send(1, 1, "RENAME", "k", "k2");
        read(4, 2);
        send(1, 1, "CONFIG", "SET", "notify-keyspace-events", "Km");
        send(1, 1, "GET", "missing");
        read(4, 1);
        send(1, 1, "CONFIG", "SET", "notify-keyspace-events", "");
        send(1, 1, "DEL", "k2");
        send(4, 1, "PUNSUBSCRIBE");

        // Client tracking: RESP3 default mode, the errors, CACHING, GETREDIR, TRACKINGINFO.
        quiet(5, 1, "HELLO", "3");
        send(5, 1, "CLIENT", "TRACKING", "ON");
        send(5, 1, "CLIENT", "TRACKINGINFO");
        send(5, 1, "CLIENT", "GETREDIR");
        send(5, 1, "GET", "tk");
        send(1, 1, "SET", "tk", "1");
        read(5, 1);
        send(1, 1, "SET", "tk", "2"); // not read again since: no message
        send(5, 1, "GET", "tk");
        send(5, 1, "MGET", "tk", "tk2");
        send(1, 1, "DEL", "tk", "tk2");
        read(5, 1);
        send(5, 1, "CLIENT", "TRACKING", "ON", "BCAST");
        send(5, 1, "CLIENT", "TRACKING", "ON", "PREFIX", "a");
        send(5, 1, "CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT");
        send(5, 1, "CLIENT", "TRACKING", "ON", "REDIRECT", "999999");
        send(5, 1, "CLIENT", "TRACKING", "MAYBE");
        send(5, 1, "CLIENT", "TRACKING", "ON", "WHAT");
        send(5, 1, "CLIENT", "TRACKING");
        send(5, 1, "CLIENT", "CACHING", "YES");
        send(5, 1, "CLIENT", "TRACKING", "OFF");
        send(5, 1, "CLIENT", "CACHING", "YES");
        send(5, 1, "CLIENT", "TRACKING", "ON", "OPTIN");
        send(5, 1, "CLIENT", "CACHING", "NO");
        send(5, 1, "CLIENT", "CACHING", "MAYBE");
        send(5, 1, "GET", "o1"); // OPTIN without CACHING YES: not tracked
        send(5, 1, "CLIENT", "CACHING", "YES");
        send(5, 1, "CLIENT", "TRACKINGINFO");
        send(5, 1, "GET", "o2");
        send(5, 1, "CLIENT", "TRACKINGINFO");
        send(1, 1, "MSET", "o1", "x", "o2", "y");
        read(5, 1);
        send(5, 1, "CLIENT", "TRACKING", "ON", "OPTOUT");
        send(5, 1, "CLIENT", "TRACKING", "OFF");
        send(5, 1, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a", "PREFIX", "ab");
        send(5, 1, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b:", "NOLOOP");
        send(5, 1, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b");
        send(5, 1, "CLIENT", "TRACKINGINFO");
        send(1, 1, "SET", "b:1", "x");
        read(5, 1);
        send(1, 1, "MSET", "b:3", "x", "b:2", "y", "c", "z");
        read(5, 1);
        send(5, 1, "SET", "b:4", "mine"); // NOLOOP: no message for its own write
        send(5, 1, "CLIENT", "TRACKING", "OFF");
        send(5, 1, "CLIENT", "TRACKINGINFO");

        // RESP2 with REDIRECT to a subscriber of __redis__:invalidate; FLUSHALL drops everything.
        send(6, 1, "SUBSCRIBE", "__redis__:invalidate");
        send(7, 1, "CLIENT", "TRACKING", "ON", "REDIRECT", "{6}");
        send(7, 1, "CLIENT", "GETREDIR");
        send(7, 1, "GET", "rk");
        send(1, 1, "SET", "rk", "1");
        read(6, 1);
        send(7, 1, "GET", "rk");
        send(1, 1, "FLUSHALL");
        read(6, 1);
        send(7, 1, "CLIENT", "TRACKING", "OFF");
        // A tracking client that writes a key it read is told after its own reply.
        quiet(8, 1, "HELLO", "3");
        send(8, 1, "CLIENT", "TRACKING", "ON");
        send(8, 1, "GET", "own");
        send(8, 2, "SET", "own", "1");
        send(8, 1, "CLIENT", "TRACKING", "OFF");

        // Inside MULTI the subscription commands and PUBSUB are queued (arity and PUBSUB's
        // subcommand checked first) and run by EXEC, each writing its own frames into EXEC's
        // reply; a PUBLISH after them in the same EXEC reaches the client; SSUBSCRIBE is refused.
        send(9, 1, "MULTI");
        send(9, 1, "SUBSCRIBE");
        send(9, 1, "EXEC");
        send(9, 1, "MULTI");
        send(9, 1, "PUBSUB", "FOO");
        send(9, 1, "PUBSUB", "NUMSUB", "a");
        send(9, 1, "EXEC");
        send(9, 1, "MULTI");
        send(9, 1, "UNSUBSCRIBE");
        send(9, 1, "PUNSUBSCRIBE", "x");
        send(9, 1, "SUNSUBSCRIBE");
        send(9, 1, "PUBSUB", "NUMSUB", "t");
        send(9, 1, "EXEC");
        send(9, 1, "MULTI");
        send(9, 1, "SUBSCRIBE", "t", "u");
        send(9, 1, "SET", "tk", "1");
        send(9, 1, "PUBLISH", "t", "in-exec");
        send(9, 1, "GET", "tk");
        send(9, 1, "PSUBSCRIBE", "t*");
        send(9, 1, "SSUBSCRIBE", "s");
        send(9, 3, "EXEC"); // *6 holds the first six of eight frames
        send(9, 1, "PUBSUB", "NUMSUB", "t");
        send(9, 1, "MULTI");
        send(1, 1, "PUBLISH", "t", "after");
        read(9, 2);
        send(9, 2, "UNSUBSCRIBE", "t", "u"); // named: without names Redis answers in its dict's seeded hash order
        send(9, 1, "PUNSUBSCRIBE");
        send(9, 1, "MULTI");
        send(9, 1, "SUBSCRIBE", "g");
        send(9, 1, "GET", "tk");
        send(9, 1, "EXEC"); // a transaction that reads
        send(9, 1, "UNSUBSCRIBE");
        quiet(10, 1, "HELLO", "3");
        send(10, 1, "WATCH", "wk");
        send(1, 1, "SET", "wk", "1");
        send(10, 1, "MULTI");
        send(10, 1, "SUBSCRIBE", "w");
        send(10, 1, "EXEC");
        send(10, 1, "PUBSUB", "NUMSUB", "w");
        send(10, 1, "MULTI");
        send(10, 1, "SUBSCRIBE", "w");
        send(10, 1, "SSUBSCRIBE", "s");
        send(10, 1, "PUBLISH", "w", "x");
        send(10, 2, "EXEC");
        send(10, 1, "UNSUBSCRIBE");
        send(10, 1, "MULTI");
        send(10, 1, "SUBSCRIBE", "w");
        send(10, 1, "DISCARD");
        send(10, 1, "PUBSUB", "NUMSUB", "w");
    }

    private List<String> run(int port) throws Exception {
        steps.clear();
        script();
        List<RawClient> clients = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        List<String> transcript = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                RawClient c = new RawClient(port);
                clients.add(c);
                String id = c.call("CLIENT", "ID");
                ids.put("{" + i + "}", id.substring(1, id.length() - 2));
            }
            for (Step st : steps) {
                RawClient c = clients.get(st.client());
                String[] cmd = st.cmd().clone();
                for (int i = 0; i < cmd.length; i++) cmd[i] = ids.getOrDefault(cmd[i], cmd[i]);
                if (cmd.length > 0) c.send(RawClient.command(cmd));
                StringBuilder got = new StringBuilder();
                try {
                    for (int i = 0; i < st.frames(); i++) got.append(c.readReply());
                } catch (IOException e) {
                    // A missing frame: say where, after what.
                    throw new AssertionError("c" + st.client() + " " + String.join(" ", cmd) + " got " + got + " then " + e
                            + "; before it: " + transcript.subList(Math.max(0, transcript.size() - 8), transcript.size()), e);
                }
                if (!st.shown()) continue;
                String text = got.toString();
                boolean namesIds = String.join(" ", cmd).matches(".*(GETREDIR|TRACKINGINFO).*");
                for (Map.Entry<String, String> e : namesIds ? ids.entrySet() : Map.<String, String>of().entrySet()) {
                    text = text.replace(":" + e.getValue() + "\r\n", ":" + e.getKey() + "\r\n");
                }
                transcript.add("c" + st.client() + " " + String.join(" ", st.cmd()) + " -> " + text);
            }
            // Nothing more for anyone: the next frame each connection gets is its PING's answer.
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).send(RawClient.command("RESET"));
                transcript.add("c" + i + " RESET -> " + clients.get(i).readReply());
            }
        } finally {
            for (RawClient c : clients) c.close();
        }
        return transcript;
    }

    @Test
    void sameFramesAsRedis() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        List<String> expected;
        try (RedisProcess redis = RedisProcess.start()) {
            expected = run(redis.port());
        }
        int port = cluster.form(1)[0];
        List<String> actual = run(port);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(i < actual.size() ? actual.get(i) : "(nothing)").as("step %d", i).isEqualTo(expected.get(i));
        }
    }

}

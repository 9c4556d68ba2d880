package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two places Redis 7.0 checks permissions after the command arrived, against redis-server:
 * EXEC checks its queued commands again (the user changed since MULTI), and every command a
 * script calls is checked against the user that called EVAL or FCALL. Replies and ACL LOG
 * entries are compared byte for byte.
 */
class AclRecheckDiffTest {
    private static RedisProcess redis;
    private static InProcessCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        redis = RedisProcess.start();
        cluster = new InProcessCluster(Files.createTempDirectory("acl-recheck"));
        port = cluster.form(1)[0];
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (redis != null) redis.close();
    }

    private static void same(RawClient ours, RawClient theirs, String... cmd) throws Exception {
        assertThat(ours.call(cmd)).as(String.join(" ", cmd)).isEqualTo(theirs.call(cmd));
    }

    @Test
    void execChecksQueuedCommandsAgain() throws Exception {
        try (RawClient oa = new RawClient(port); RawClient ra = new RawClient(redis.port());
             RawClient o = new RawClient(port); RawClient r = new RawClient(redis.port())) {
            same(oa, ra, "ACL", "LOG", "RESET");
            same(oa, ra, "ACL", "SETUSER", "m", "on", ">p", "~*", "&*", "+@all");
            same(o, r, "AUTH", "m", "p");
            same(o, r, "SET", "k1", "old");
            same(o, r, "MULTI");
            same(o, r, "SET", "k1", "v");
            same(o, r, "GET", "k1");
            same(o, r, "SET", "zz", "v");
            same(o, r, "INCR", "kn");
            // Committed between MULTI and EXEC: GET and the key zz are no longer allowed. (PUBLISH, the
            // one command with a channel that could be queued, is refused inside MULTI, as RedisRaft.)
            same(oa, ra, "ACL", "SETUSER", "m", "-get", "resetkeys", "~k*", "resetchannels");
            same(o, r, "EXEC");
            same(oa, ra, "GET", "zz");
            same(oa, ra, "GET", "k1");
            same(oa, ra, "GET", "kn");

            // Every write refused: what is left only reads; with a watched key.
            same(oa, ra, "ACL", "SETUSER", "m", "+get");
            same(o, r, "WATCH", "k1");
            same(o, r, "MULTI");
            same(o, r, "SET", "k1", "w");
            same(o, r, "GET", "k1");
            same(oa, ra, "ACL", "SETUSER", "m", "-set");
            same(o, r, "EXEC");
            same(oa, ra, "GET", "k1");
            same(o, r, "MULTI");
            same(o, r, "GET", "k1");
            same(oa, ra, "ACL", "SETUSER", "m", "-get");
            same(o, r, "EXEC");
            assertThat(logFields(oa.call("ACL", "LOG"))).isEqualTo(logFields(ra.call("ACL", "LOG")));
        }
    }

    @Test
    void scriptCallsAreCheckedAgainstTheCaller() throws Exception {
        String lib = "#!lua name=acllib\nredis.register_function('setit', function(keys, args) return redis.call('set', keys[1], '1') end)";
        try (RawClient oa = new RawClient(port); RawClient ra = new RawClient(redis.port())) {
            same(oa, ra, "ACL", "LOG", "RESET");
            same(oa, ra, "ACL", "SETUSER", "u", "on", ">p", "~*", "&*", "+@all", "-set");
            same(oa, ra, "ACL", "SETUSER", "k", "on", ">p", "~a*", "&*", "+@all");
            same(oa, ra, "ACL", "SETUSER", "c", "on", ">p", "~*", "resetchannels", "&ok", "+@all");
            same(oa, ra, "FUNCTION", "LOAD", "REPLACE", lib);
            same(oa, ra, "SET", "x", "orig");
            try (RawClient o = new RawClient(port); RawClient r = new RawClient(redis.port())) {
                String[][] cases = {
                    {"AUTH", "u", "p"},
                    {"EVAL", "return redis.call('set','x','1')", "0"},
                    {"EVAL", "return redis.pcall('set','x','1')", "0"},
                    {"EVAL", "local r = redis.pcall('set','x','1'); return {r['err'], redis.call('get','x')}", "0"},
                    {"EVAL_RO", "return redis.call('set','x','1')", "0"},
                    {"EVAL", "return redis.acl_check_cmd('set','x','1')", "0"},
                    {"EVAL", "return redis.acl_check_cmd('get','x')", "0"},
                    {"FCALL", "setit", "1", "x"},
                    {"AUTH", "k", "p"},
                    {"EVAL", "return redis.call('get','x')", "0"},
                    {"EVAL", "return redis.call('set','a1','v')", "0"},
                    {"EVAL", "return redis.acl_check_cmd('get','x')", "0"},
                    {"AUTH", "c", "p"},
                    {"EVAL", "return redis.call('publish','x','y')", "0"},
                    {"EVAL", "return redis.call('publish','ok','y')", "0"},
                };
                for (String[] c : cases) same(o, r, c);
                same(o, r, "AUTH", "u", "p");
                same(o, r, "SCRIPT", "LOAD", "return redis.call('set','x','3')");
                String sha = r.call("SCRIPT", "LOAD", "return redis.call('set','x','3')").split("\r\n")[1];
                same(o, r, "EVALSHA", sha, "0");
            }
            same(oa, ra, "GET", "x");
            same(oa, ra, "GET", "a1");
            assertThat(logFields(oa.call("ACL", "LOG"))).isEqualTo(logFields(ra.call("ACL", "LOG")));
            same(oa, ra, "FUNCTION", "DELETE", "acllib");
        }
    }

    /** ACL LOG without age-seconds and client-info (they differ by nature). */
    private static List<String> logFields(String reply) {
        List<String> out = new ArrayList<>();
        String[] lines = reply.split("\r\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("age-seconds") || lines[i].equals("client-info")) {
                i += 2;
                continue;
            }
            out.add(lines[i]);
        }
        return out;
    }
}

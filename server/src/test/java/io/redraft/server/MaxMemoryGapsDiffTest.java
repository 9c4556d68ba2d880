package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * maxmemory inside MULTI and scripts against redis-server 7.0.15, both over their limit (a 1-byte
 * limit: any used memory passes it): queueing refused and EXECABORT, EXEC of a transaction queued
 * under the limit, a flagless script's denyoom calls (call and pcall, before and after a write),
 * scripts and functions with flags refused up front unless allow-oom or no-writes.
 */
class MaxMemoryGapsDiffTest extends BesideRedisFixture {
    private static final String LIB = "#!lua name=oomlib\n"
            + "redis.register_function('f_plain', function(k, a) return redis.call('set', 'fa', 'b') end)\n"
            + "redis.register_function{function_name='f_ro', callback=function(k, a) return redis.call('get', 'fa') end, flags={'no-writes'}}\n"
            + "redis.register_function{function_name='f_oom', callback=function(k, a) return redis.call('set', 'fa', 'c') end, flags={'allow-oom'}}\n"
            + "redis.register_function{function_name='f_stale', callback=function(k, a) return redis.call('get', 'fa') end, flags={'allow-stale'}}\n";


    private static List<String[]> overTheLimit() {
        List<String[]> c = new ArrayList<>();
        // MULTI: every command but EXEC/DISCARD is refused while over, and the transaction fails.
        c.add(new String[] {"MULTI"});
        c.add(new String[] {"SET", "x", "1"});
        c.add(new String[] {"GET", "x"});
        c.add(new String[] {"DEL", "k"});
        c.add(new String[] {"MULTI"});
        c.add(new String[] {"WATCH", "k"});
        c.add(new String[] {"EXEC"});
        c.add(new String[] {"MULTI"});
        c.add(new String[] {"SET", "x"}); // arity first
        c.add(new String[] {"DISCARD"});
        // Plain commands, for reference.
        c.add(new String[] {"SET", "x", "1"});
        c.add(new String[] {"GET", "k"});
        // Scripts without flags: denyoom calls fail until the script has written.
        c.add(new String[] {"EVAL", "return redis.call('set','a','b')", "0"});
        c.add(new String[] {"EVAL", "return redis.call('set','a','b','get')", "0"});
        c.add(new String[] {"EVAL", "return redis.pcall('set','a','b')", "0"});
        c.add(new String[] {"EVAL", "local r = redis.pcall('incr','n'); return r['err']", "0"});
        c.add(new String[] {"EVAL", "return redis.call('get','k')", "0"});
        c.add(new String[] {"EVAL", "return redis.call('del','nothing')", "0"});
        c.add(new String[] {"EVAL", "redis.call('del','zz'); return redis.call('set','a','b')", "0"});
        c.add(new String[] {"EVAL_RO", "return redis.call('get','k')", "0"});
        c.add(new String[] {"EVAL_RO", "return redis.call('set','k','v')", "0"});
        // Scripts with flags: refused up front unless they may use memory.
        c.add(new String[] {"EVAL", "#!lua\nreturn 1", "0"});
        c.add(new String[] {"EVAL", "#!lua flags=allow-stale\nreturn redis.call('get','k')", "0"});
        c.add(new String[] {"EVAL_RO", "#!lua\nreturn 1", "0"});
        c.add(new String[] {"EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','a','c')", "0"});
        c.add(new String[] {"EVAL", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0"});
        c.add(new String[] {"EVALSHA", "cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0", "0"}); // SCRIPT LOADed below
        c.add(new String[] {"FCALL", "f_plain", "0"});
        c.add(new String[] {"FCALL", "f_stale", "0"});
        c.add(new String[] {"FCALL", "f_ro", "0"});
        c.add(new String[] {"FCALL_RO", "f_ro", "0"});
        c.add(new String[] {"FCALL_RO", "f_stale", "0"});
        c.add(new String[] {"FCALL", "f_oom", "0"});
        return c;
    }

    @Test
    void multiAndScriptsOverTheLimitAnswerAsRedis() throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (RawClient ours = new RawClient(node); RawClient theirs = new RawClient(redis.port());
                RawClient ours2 = new RawClient(node); RawClient theirs2 = new RawClient(redis.port())) {
            RawClient[] both = {ours, theirs};
            for (RawClient c : both) {
                assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
                assertThat(c.call("FUNCTION", "LOAD", LIB)).isEqualTo("$6\r\noomlib\r\n");
                assertThat(c.call("SCRIPT", "LOAD", "#!lua\nreturn 1")).contains("cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0");
            }
            // Queued under the limit, EXEC over it: discarded when a queued command is denyoom.
            for (String[] tx : List.of(new String[] {"SET", "x", "1"}, new String[] {"GET", "x"},
                    new String[] {"EVAL", "#!lua\nreturn 1", "0"}, new String[] {"EVAL", "return redis.call('set','y','1')", "0"})) {
                for (int i = 0; i < 2; i++) {
                    RawClient c = both[i], other = i == 0 ? ours2 : theirs2;
                    assertThat(other.call("CONFIG", "SET", "maxmemory", "0")).isEqualTo("+OK\r\n");
                    c.call("MULTI");
                    assertThat(c.call(tx)).isEqualTo("+QUEUED\r\n");
                    assertThat(c.call("GET", "k")).isEqualTo("+QUEUED\r\n");
                    assertThat(other.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
                }
                String a = ours.call("EXEC"), b = theirs.call("EXEC");
                if (!a.equals(b)) mismatches.add("EXEC after " + String.join(" ", tx) + "\n ours:   " + a + " theirs: " + b);
            }
            for (int proto : new int[] {2, 3}) {
                for (RawClient c : both) c.call("HELLO", Integer.toString(proto));
                for (String[] cmd : overTheLimit()) {
                    String a = ours.call(cmd), b = theirs.call(cmd);
                    if (!a.equals(b)) mismatches.add("RESP" + proto + " " + String.join(" ", cmd) + "\n ours:   " + a + " theirs: " + b);
                }
            }
            assertThat(ours.call("EVAL", "return redis.call('set','a','b')", "0")).startsWith("-OOM ");
        }
        assertThat(mismatches).isEmpty();
    }
}

package io.redraft.script;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BUSY and SCRIPT/FUNCTION KILL as another thread sees a running script: busy past the threshold
 * (counted in instructions), a read-only script killed (even inside pcall) with Redis's reply, a
 * script that may write refused with UNKILLABLE and left to its budget, NOTBUSY otherwise.
 */
class ScriptKillTest {
    private static final long BUDGET = 20_000_000;

    private static LocalStore store() {
        LocalStore s = new LocalStore(new Scripting(new LuajEngine(BUDGET)));
        s.scripting.activity().threshold(() -> 1); // busy after 10 000 instructions
        return s;
    }

    private static CompletableFuture<String> running(LocalStore s, String... argv) throws Exception {
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> s.run(argv));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.scripting.activity().busy()) {
            assertThat(System.nanoTime()).as("the script turned busy").isLessThan(deadline);
            assertThat(reply.isDone()).as("script ended before turning busy: %s", reply.getNow(null)).isFalse();
            Thread.onSpinWait();
        }
        return reply;
    }

    @Test
    void aReadOnlyScriptIsKilledWithRedissReplies() throws Exception {
        LocalStore s = store();
        ScriptActivity a = s.scripting.activity();
        assertThat(a.kill(false)).isEqualTo("NOTBUSY No scripts in execution right now.");
        assertThat(s.run("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        String body = "local x = 0 while true do pcall(function() while true do x = x + 1 end end) end";
        CompletableFuture<String> reply = running(s, "EVAL_RO", body, "0");
        assertThat(a.busyError()).isEqualTo("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
        assertThat(a.kill(true)).isEqualTo(a.busyError());
        assertThat(a.kill(false)).isEqualTo("OK");
        assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: "
                + RedisLib.sha1hex(body.getBytes()) + ", on @user_script:1.\r\n");
        assertThat(a.busy()).isFalse();
        assertThat(a.kill(false)).startsWith("NOTBUSY");
    }

    @Test
    void aNoWritesFunctionIsKilledByFunctionKill() throws Exception {
        LocalStore s = store();
        assertThat(s.run("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function{function_name='spin', "
                + "callback=function() while true do end end, flags={'no-writes'}}")).isEqualTo("$1\r\nl\r\n");
        CompletableFuture<String> reply = running(s, "FCALL", "spin", "0");
        ScriptActivity a = s.scripting.activity();
        assertThat(a.kill(false)).isEqualTo("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
        assertThat(a.kill(true)).isEqualTo("OK");
        assertThat(reply.get(30, TimeUnit.SECONDS))
                .isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
    }

    @Test
    void aScriptThatMayWriteIsUnkillableAndEndsAtItsBudget() throws Exception {
        LocalStore s = store();
        ScriptActivity a = s.scripting.activity();
        CompletableFuture<String> reply = running(s, "EVAL", "while true do end", "0");
        assertThat(a.kill(false)).isEqualTo(ScriptActivity.UNKILLABLE_LOGGED);
        assertThat(reply.get(60, TimeUnit.SECONDS)).startsWith("-ERR Script exceeded its instruction budget");

        reply = running(s, "EVAL", "redis.call('SET', 'k', 'v') while true do end", "0");
        assertThat(a.kill(false)).isEqualTo("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        assertThat(reply.get(60, TimeUnit.SECONDS)).startsWith("-ERR Script exceeded its instruction budget");
        assertThat(s.run("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(a.busy()).isFalse();
    }

    /** The Pub/Sub hook: unknown to scripts until the server sets a publisher. */
    @Test
    void publishReachesThePublisherOnceTheServerSetsOne() {
        LocalStore s = store();
        assertThat(s.eval("return redis.call('PUBLISH', 'ch', 'hi')")).startsWith("-ERR Unknown Redis command called from script");
        java.util.List<String> sent = new java.util.ArrayList<>();
        s.scripting.publisher((shard, channel, message) -> {
            sent.add((shard ? "s:" : "") + new String(channel) + "=" + new String(message));
            return 0;
        });
        assertThat(s.eval("return redis.call('PUBLISH', 'ch', 'hi') + redis.call('SPUBLISH', 'sh', 'yo')")).isEqualTo(":0\r\n");
        assertThat(sent).containsExactly("ch=hi", "s:sh=yo");
    }

    @Test
    void aShortScriptNeverTurnsBusy() {
        LocalStore s = store();
        assertThat(s.run("EVAL", "local x = 0 for i = 1, 100 do x = x + i end return x", "0")).isEqualTo(":5050\r\n");
        assertThat(s.scripting.activity().busy()).isFalse();
    }
}

package io.redraft.script;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine, its sandbox and the conversions, on an in-process store. */
class ScriptingTest {
    private final LocalStore s = new LocalStore();

    @Test
    void returnsConvertedValues() {
        assertThat(s.eval("return 1")).isEqualTo(":1\r\n");
        assertThat(s.eval("return 3.99")).isEqualTo(":3\r\n");
        assertThat(s.eval("return 'x'")).isEqualTo("$1\r\nx\r\n");
        assertThat(s.eval("return true")).isEqualTo(":1\r\n");
        assertThat(s.eval("return false")).isEqualTo("$-1\r\n");
        assertThat(s.eval("return nil")).isEqualTo("$-1\r\n");
        assertThat(s.eval("return {1, 'a', {2}, nil, 5}")).isEqualTo("*3\r\n:1\r\n$1\r\na\r\n*1\r\n:2\r\n");
        assertThat(s.eval("return {ok='fine'}")).isEqualTo("+fine\r\n");
        assertThat(s.eval("return {err='BAD thing'}")).isEqualTo("-BAD thing\r\n");
        assertThat(s.eval("return redis.status_reply('S')")).isEqualTo("+S\r\n");
        assertThat(s.eval("return redis.error_reply('E x')")).isEqualTo("-E x\r\n");
    }

    @Test
    void keysAndArgvAndCalls() {
        assertThat(s.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, "k", "v")).isEqualTo("+OK\r\n");
        assertThat(s.eval("return redis.call('GET', KEYS[1])", 1, "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(s.eval("return redis.call('GET', 'missing')")).isEqualTo("$-1\r\n");
        assertThat(s.eval("return type(redis.call('GET', 'missing'))")).isEqualTo("$7\r\nboolean\r\n");
        assertThat(s.eval("return redis.call('INCRBY', 'n', 2.0)")).isEqualTo(":2\r\n");
        assertThat(s.run("GET", "n")).isEqualTo("$1\r\n2\r\n");
    }

    @Test
    void binarySafeStrings() {
        String bin = "a\u0000\u00ff\u0080z";
        assertThat(s.eval("redis.call('SET', 'b', ARGV[1]) return redis.call('GET', 'b')", 0, bin))
                .isEqualTo("$5\r\n" + bin + "\r\n");
    }

    @Test
    void errorsNameTheScriptAndLine() {
        String sha = RedisLib.sha1hex("\nerror('boom')".getBytes());
        assertThat(s.eval("\nerror('boom')"))
                .isEqualTo("-ERR user_script:2: boom script: " + sha + ", on @user_script:2.\r\n");
        s.run("SET", "str", "x");
        String sha2 = RedisLib.sha1hex("return redis.call('LPUSH', 'str', 1)".getBytes());
        assertThat(s.eval("return redis.call('LPUSH', 'str', 1)")).isEqualTo(
                "-WRONGTYPE Operation against a key holding the wrong kind of value script: " + sha2
                        + ", on @user_script:1.\r\n");
        assertThat(s.eval("return redis.pcall('LPUSH', 'str', 1)"))
                .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(s.eval("return 'a' ..")).startsWith("-ERR Error compiling script (new function): user_script:1: ");
    }

    @Test
    void sandboxRefusesGlobalsAndMissingLibraries() {
        assertThat(s.eval("x = 1")).startsWith("-ERR user_script:1: Attempt to modify a readonly table script: ");
        assertThat(s.eval("return y")).startsWith(
                "-ERR user_script:1: Script attempted to access nonexistent global variable 'y' script: ");
        for (String g : new String[]{"os", "io", "require", "dofile", "loadfile", "print", "debug", "package"}) {
            assertThat(s.eval("return " + g)).as(g).contains("nonexistent global variable '" + g + "'");
        }
        assertThat(s.eval("redis.call = nil")).contains("Attempt to modify a readonly table");
        assertThat(s.eval("local t = {} t.x = 1 return t.x")).isEqualTo(":1\r\n");
        assertThat(s.eval("return {unpack({1, 2})}")).isEqualTo("*2\r\n:1\r\n:2\r\n");
        assertThat(s.eval("return loadstring('return 7')()")).isEqualTo(":7\r\n");
        assertThat(s.eval("return table.getn({1, 2, 3}) + math.mod(7, 4)")).isEqualTo(":6\r\n");
        assertThat(s.eval("return _VERSION")).isEqualTo("$7\r\nLua 5.1\r\n");
    }

    @Test
    void numbersPrintAsLua51() {
        assertThat(s.eval("return tostring(1/3) .. ' ' .. tostring(1e15) .. ' ' .. tostring(0.1)"))
                .isEqualTo("$26\r\n0.33333333333333 1e+15 0.1\r\n");
        s.eval("redis.call('SET', 'f', 1/3)");
        // redis.call's number arguments get 17 digits, as Redis 7.0 sends them.
        assertThat(s.run("GET", "f")).isEqualTo("$19\r\n0.33333333333333331\r\n");
    }

    @Test
    void readOnlyScriptsMayNotWrite() {
        assertThat(s.run("EVAL_RO", "return redis.call('SET', 'a', 1)", "0"))
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: ");
        assertThat(s.eval("#!lua flags=no-writes\nreturn redis.call('SET', 'a', 1)"))
                .startsWith("-ERR Write commands are not allowed from read-only scripts. script: ");
        assertThat(s.eval("#!lua\nreturn redis.call('SET', 'a', 1)")).isEqualTo("+OK\r\n");
        assertThat(s.run("EVAL_RO", "#!lua\nreturn 1", "0"))
                .isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
        assertThat(s.eval("return redis.call('EVAL', 'return 1', '0')"))
                .startsWith("-ERR This Redis command is not allowed from script script: ");
    }

    @Test
    void scriptCacheCommands() {
        String sha = s.run("SCRIPT", "LOAD", "return 'hi'").substring(5, 45);
        assertThat(s.run("EVALSHA", sha, "0")).isEqualTo("$2\r\nhi\r\n");
        assertThat(s.run("EVALSHA", sha.toUpperCase(), "0")).isEqualTo("$2\r\nhi\r\n");
        assertThat(s.run("SCRIPT", "EXISTS", sha, "0000")).isEqualTo("*2\r\n:1\r\n:0\r\n");
        assertThat(s.run("SCRIPT", "FLUSH")).isEqualTo("+OK\r\n");
        assertThat(s.run("EVALSHA", sha, "0")).isEqualTo("-NOSCRIPT No matching script. Please use EVAL.\r\n");
        assertThat(s.run("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        assertThat(s.scripting.scripts()).isEmpty();
    }

    @Test
    void randomIsSeededByTheEntry() {
        String a = s.eval("return {math.random(1000), math.random(1000), math.random(1000)}");
        String b = s.eval("return {math.random(1000), math.random(1000), math.random(1000)}");
        assertThat(a).isEqualTo(b);
        s.seed = 43;
        assertThat(s.eval("return {math.random(1000), math.random(1000), math.random(1000)}")).isNotEqualTo(a);
    }

    @Test
    void timeInsideScriptsIsTheEntrysTime() {
        s.now = 1_234_567_890_123L;
        assertThat(s.eval("return redis.call('TIME')")).isEqualTo("*2\r\n$10\r\n1234567890\r\n$6\r\n123000\r\n");
    }

    @Test
    void runawayScriptStopsAtTheSameInstruction() {
        LocalStore limited = new LocalStore(new Scripting(new LuajEngine(100_000)));
        String r = limited.eval("redis.call('SET', 'w', 1) while true do pcall(function() while true do end end) end");
        assertThat(r).startsWith("-ERR Script exceeded its instruction budget");
        assertThat(limited.run("GET", "w")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void resp3WithSetresp() {
        s.protocol = 3;
        assertThat(s.eval("redis.setresp(3) return {double=3.5}")).isEqualTo(",3.5\r\n");
        assertThat(s.eval("redis.setresp(3) return true")).isEqualTo("#t\r\n");
        assertThat(s.eval("return true")).isEqualTo(":1\r\n");
        assertThat(s.eval("redis.setresp(3) return {map={a=1}}")).isEqualTo("%1\r\n$1\r\na\r\n:1\r\n");
        s.run("HSET", "h", "f", "v");
        assertThat(s.eval("redis.setresp(3) local r = redis.call('HGETALL', 'h') return r.map.f")).isEqualTo("$1\r\nv\r\n");
        assertThat(s.eval("redis.setresp(3) return redis.call('GET', 'nope') == nil")).isEqualTo("#t\r\n");
    }

    @Test
    void hugeStringsFailTheSameEverywhere() {
        assertThat(s.eval("return #string.rep('ab', 3)")).isEqualTo(":6\r\n");
        assertThat(s.eval("return string.rep('x', 2^40)")).startsWith("-ERR user_script:1: resulting string too large script: ");
    }

    @Test
    void serverCommandsScriptsMayUse() {
        assertThat(s.eval("return redis.call('SELECT', 0)")).isEqualTo("+OK\r\n");
        assertThat(s.eval("return redis.pcall('SELECT', 1)")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(s.eval("return redis.pcall('MULTI')")).isEqualTo("-ERR This Redis command is not allowed from script\r\n");
    }
}

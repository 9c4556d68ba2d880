package io.redraft.script;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same commands on redis-server 7.0 and on a store with {@link Scripting}, replies compared
 * byte for byte in RESP2 and RESP3. Each case runs on a fresh keyspace on both sides (FLUSHALL
 * and SCRIPT FLUSH first), so cases do not depend on each other. Only behaviour Redraft follows
 * is here: math.random values, hash-order-dependent encodings and LuaJ's own runtime and
 * compiler error wording are not (docs/scripting.md).
 */
class ScriptDiffTest {
    private static RedisServer redis;
    private static RedisServer.Connection r2;
    private static RedisServer.Connection r3;
    private final List<String> mismatches = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server not installed");
        redis = RedisServer.start();
        r2 = redis.connect();
        r3 = redis.connect();
        r3.call(argv("HELLO", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            r2.close();
            r3.close();
            redis.close();
        }
    }

    private static List<byte[]> argv(String... a) {
        List<byte[]> l = new ArrayList<>();
        for (String s : a) {
            l.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return l;
    }

    /** Runs a sequence of commands on both sides in one protocol, from empty keyspaces. */
    private void sequence(int proto, String[]... commands) throws IOException {
        LocalStore ours = new LocalStore();
        ours.protocol = proto;
        RedisServer.Connection c = proto == 2 ? r2 : r3;
        c.call(argv("FLUSHALL"));
        c.call(argv("SCRIPT", "FLUSH"));
        for (String[] cmd : commands) {
            String theirs = c.call(argv(cmd));
            String mine = ours.run(cmd);
            if (!theirs.equals(mine)) {
                mismatches.add("RESP" + proto + " " + String.join(" | ", cmd) + "\n   redis: " + esc(theirs)
                        + "\n   ours:  " + esc(mine));
            }
        }
    }

    private void both(String[]... commands) throws IOException {
        sequence(2, commands);
        sequence(3, commands);
    }

    private static String[] eval(String script, String... rest) {
        String[] a = new String[2 + rest.length];
        a[0] = "EVAL";
        a[1] = script;
        System.arraycopy(rest, 0, a, 2, rest.length);
        return a;
    }

    private static String esc(String s) {
        return s.replace("\r\n", "\\r\\n");
    }

    private void check() {
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void rateLimiter() throws IOException {
        String limiter = """
                local current = redis.call('INCR', KEYS[1])
                if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
                if current > tonumber(ARGV[1]) then return {0, current} end
                return {1, current}""";
        String[] call = eval(limiter, "1", "rl:user", "3", "60000");
        both(call, call, call, call, call, new String[]{"GET", "rl:user"});
        check();
    }

    @Test
    void lockWithToken() throws IOException {
        String acquire = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])";
        String release = """
                if redis.call('GET', KEYS[1]) == ARGV[1] then
                  return redis.call('DEL', KEYS[1])
                else
                  return 0
                end""";
        both(eval(acquire, "1", "lock", "t1", "30000"), eval(acquire, "1", "lock", "t2", "30000"),
                eval(release, "1", "lock", "t2"), eval(release, "1", "lock", "t1"),
                eval(acquire, "1", "lock", "t2", "30000"));
        check();
    }

    @Test
    void queuePopWithLrangeLtrim() throws IOException {
        String pop = """
                local items = redis.call('LRANGE', KEYS[1], 0, ARGV[1] - 1)
                redis.call('LTRIM', KEYS[1], #items, -1)
                return items""";
        both(new String[]{"RPUSH", "q", "a", "b", "c", "d", "e"}, eval(pop, "1", "q", "2"), eval(pop, "1", "q", "2"),
                eval(pop, "1", "q", "2"), eval(pop, "1", "q", "2"), new String[]{"EXISTS", "q"});
        check();
    }

    @Test
    void conversionsBothWays() throws IOException {
        both(new String[]{"SET", "s", "str"}, new String[]{"HSET", "h", "f", "v"},
                new String[]{"SADD", "set", "m"}, new String[]{"ZADD", "z", "1.5", "m"},
                eval("return 1", "0"), eval("return -3.7", "0"), eval("return 'x'", "0"),
                eval("return true", "0"), eval("return false", "0"), eval("return nil", "0"),
                eval("return {1, 2, {3, 'x'}, nil, 9}", "0"), eval("return {}", "0"),
                eval("return {ok='OK'}", "0"), eval("return {err='ERR my'}", "0"),
                eval("return redis.status_reply('FINE')", "0"), eval("return redis.error_reply('MY err')", "0"),
                eval("return redis.call('GET', 'nokey')", "0"), eval("return redis.call('HGETALL', 'h')", "0"),
                eval("return redis.call('SMEMBERS', 'set')", "0"), eval("return redis.call('ZSCORE', 'z', 'm')", "0"),
                eval("return redis.call('SET', 'a', 'b')", "0"), eval("return redis.call('TYPE', 's')", "0"),
                eval("return type(redis.call('GET', 'nokey'))", "0"),
                eval("return type(redis.call('SET', 'a', 'b'))", "0"),
                eval("return redis.call('SET', 'n', 10.5)", "0"), new String[]{"GET", "n"},
                eval("return redis.call('SET', 'n', 1/3)", "0"), new String[]{"GET", "n"},
                eval("return tostring(1e15) .. tostring(0.1) .. tostring(-2^31) .. tostring(1/3)", "0"),
                eval("return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", "1", "k", "a", "b"),
                eval("redis.setresp(3) return redis.call('HGETALL', 'h')", "0"),
                eval("redis.setresp(3) return redis.call('SMEMBERS', 'set')", "0"),
                eval("redis.setresp(3) return redis.call('ZSCORE', 'z', 'm')", "0"),
                eval("redis.setresp(3) return redis.call('GET', 'nokey')", "0"),
                eval("redis.setresp(3) return {double=3.25}", "0"),
                eval("redis.setresp(3) return true", "0"), eval("redis.setresp(3) return false", "0"),
                eval("redis.setresp(3) return {map={a=1}}", "0"), eval("redis.setresp(3) return {set={x=true}}", "0"),
                eval("redis.setresp(3) return type(redis.call('HGETALL', 'h'))", "0"));
        check();
    }

    @Test
    void libraries() throws IOException {
        both(eval("return cjson.encode({1, 2, 'a/b', {x=1}})", "0"),
                eval("return cjson.encode({a={1.5, true, false}})", "0"),
                eval("return cjson.encode('q\"\\\\\\n\\1')", "0"),
                eval("local t = cjson.decode('[1,2.5,\"x\",{\"k\":[true,null]}]') return {t[1], t[2], t[3], tostring(t[4].k[1]), tostring(t[4].k[2] == cjson.null)}", "0"),
                eval("return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":\"c\"}]}'))", "0"),
                eval("return cmsgpack.pack({1, 2, 3}, 'abc', 300, -5, -200, 70000, 1.5, 0.1, true, {k='v'})", "0"),
                eval("return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, -70000))}", "0"),
                eval("return cmsgpack.unpack(cmsgpack.pack(string.rep('x', 40)))", "0"),
                eval("return {bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(1, 33), bit.tohex(255), bit.tohex(-1, -4), bit.tobit(2^32 + 5), bit.bswap(0x01020304)}", "0"),
                eval("return struct.pack('>I2<i4Bc3', 258, -2, 7, 'abc')", "0"),
                eval("return {struct.unpack('>I2<i4Bc3', struct.pack('>I2<i4Bc3', 258, -2, 7, 'abc'))}", "0"),
                eval("return {struct.size('>iIhbd'), struct.unpack('s', 'hello\\0rest')}", "0"),
                eval("return redis.sha1hex('hello')", "0"), eval("return redis.sha1hex('')", "0"),
                eval("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_REPLICA, redis.REPL_SLAVE, redis.REPL_ALL, redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}", "0"),
                eval("redis.log(redis.LOG_WARNING, 'hi') redis.set_repl(redis.REPL_ALL) return redis.replicate_commands()", "0"),
                eval("return redis.acl_check_cmd('GET', 'k')", "0"),
                eval("return {unpack({1, 2, 3})}", "0"), eval("return table.getn({1, 2})", "0"),
                eval("return math.mod(7, 3)", "0"), eval("return loadstring('return 5')()", "0"),
                eval("return string.format('%d %s %5.1f|%-3s|%05d|%x|%.3s|%g|%10.4f', 3, 'x', 2.25, 'a', 42, 255, 'abcdef', 0.1, 3.14159)", "0"),
                // C's flag rules, which Java's Formatter refuses with exceptions ("% o" was found by LibraryInputsProperties)
                eval("return string.format('[% o][%+x][% 05d][%-05d][%+.3x][%-#8o][%#d][%#x][%.0d][%5.3d][%+u][% +d][%+ d][%#X][%#o][%-3i]',"
                        + " 42, 42, 42, 42, 42, 42, 42, 0, 0, -7, 42, 42, 42, 255, 0, 5)", "0"),
                eval("return string.format('[% +e][%-e][%05e][%-8.2E][%0e][%#e][%+-10.1e]', 42, 42, 42, 42, 42, 42, -42)", "0"),
                eval("return _VERSION", "0"), eval("return type(math.random())", "0"));
        check();
    }

    @Test
    void errors() throws IOException {
        both(new String[]{"SET", "str", "x"},
                eval("error('boom')", "0"), eval("\n\nerror('on line 3')", "0"),
                eval("error({err='MYCODE custom'})", "0"),
                eval("return redis.call('LPUSH', 'str', 'x')", "0"),
                eval("local r = redis.pcall('LPUSH', 'str', 'x') return r", "0"),
                eval("local r = redis.pcall('LPUSH', 'str', 'x') return type(r) .. r.err", "0"),
                eval("return redis.call('nosuchcommand')", "0"),
                eval("return redis.call('GET', 'a', 'b')", "0"),
                eval("return redis.call('EVAL', 'return 1', '0')", "0"),
                eval("return redis.call()", "0"),
                eval("return redis.call('GET', {})", "0"),
                eval("return redis.pcall('nosuchcommand')", "0"),
                eval("x = 5", "0"), eval("return undefined_global", "0"), eval("return os", "0"),
                eval("return io", "0"), eval("return require", "0"), eval("return dofile", "0"),
                eval("return loadfile", "0"), eval("redis.call = 1", "0"), eval("string.x = 1", "0"),
                eval("local ok, e = pcall(error, 'inner') return e", "0"),
                eval("local ok, e = pcall(function() error('at line') end) return e", "0"),
                eval("return 1", "-1"), eval("return 1", "x"), eval("return 1", "2", "a"),
                new String[]{"EVAL", "return 1"},
                eval("redis.setresp(4)", "0"),
                new String[]{"EVAL_RO", "return redis.call('SET', 'a', '1')", "0"},
                new String[]{"EVAL_RO", "return redis.call('GET', 'str')", "0"},
                eval("#!lua flags=no-writes\nreturn redis.call('SET', 'a', '1')", "0"),
                eval("#!lua\nreturn redis.call('SET', 'a', '1')", "0"),
                new String[]{"EVAL_RO", "#!lua\nreturn 1", "0"},
                new String[]{"EVAL_RO", "#!lua flags=no-writes\nreturn 2", "0"});
        check();
    }

    @Test
    void scriptCommands() throws IOException {
        both(new String[]{"SCRIPT", "LOAD", "return 'loaded'"},
                new String[]{"EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"},
                new String[]{"EVALSHA", "0000000000000000000000000000000000000000", "0"},
                new String[]{"EVALSHA", "short", "0"},
                new String[]{"SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "ffff"},
                eval("return 'via eval'", "0"),
                new String[]{"SCRIPT", "EXISTS", "6cb7a0f0b3beb93c1a25e8e0a4ba9a5cbc4a21f8"},
                new String[]{"EVALSHA_RO", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"},
                new String[]{"SCRIPT", "FLUSH", "ASYNC"},
                new String[]{"SCRIPT", "FLUSH", "NOW"},
                new String[]{"SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"},
                new String[]{"EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"},
                new String[]{"SCRIPT", "KILL"},
                new String[]{"SCRIPT", "NOPE"});
        check();
    }

    @Test
    void functions() throws IOException {
        String lib1 = "#!lua name=lib1\n"
                + "redis.register_function('f1', function(keys, args) return redis.call('SET', keys[1], args[1]) end)\n"
                + "redis.register_function{function_name='f2', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads'}";
        both(new String[]{"FUNCTION", "FLUSH"},
                new String[]{"FUNCTION", "LOAD", lib1},
                new String[]{"FUNCTION", "LOAD", lib1},
                new String[]{"FCALL", "f1", "1", "k", "v"},
                new String[]{"FCALL", "f2", "1", "k"},
                new String[]{"FCALL_RO", "f2", "1", "k"},
                new String[]{"FCALL_RO", "f1", "1", "k", "v"},
                new String[]{"FCALL", "nope", "0"},
                new String[]{"FCALL", "f1", "2", "k"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=solo\nredis.register_function{function_name='s', callback=function() return 1 end, flags={'no-writes', 'allow-stale'}}"},
                // One function per listed library: Redis lists a library's functions in its hash order.
                new String[]{"FUNCTION", "LIST", "LIBRARYNAME", "so*"},
                new String[]{"FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "solo"},
                new String[]{"FUNCTION", "DELETE", "solo"},
                new String[]{"FUNCTION", "LIST", "LIBRARYNAME", "zzz"},
                new String[]{"FUNCTION", "STATS"},
                new String[]{"FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nredis.register_function('f3', function() return 3 end)"},
                new String[]{"FCALL", "f1", "1", "k", "v"},
                new String[]{"FCALL", "f3", "0"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f3', function() return 1 end)"},
                new String[]{"FUNCTION", "LOAD", "redis.register_function('g', function() return 1 end)"},
                new String[]{"FUNCTION", "LOAD", "#!lua\nredis.register_function('g', function() return 1 end)"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib3 foo=bar\nredis.register_function('g', function() return 1 end)"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib4\nreturn 1"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib5\nredis.call('SET', 'a', 'b')"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib6\nx = 1"},
                new String[]{"FUNCTION", "LOAD", "#!lua name=lib7\nredis.register_function('g7', function() return KEYS end)"},
                new String[]{"FCALL", "g7", "0"},
                new String[]{"FUNCTION", "DELETE", "lib1"},
                new String[]{"FUNCTION", "DELETE", "lib1"},
                new String[]{"FCALL", "f3", "0"},
                new String[]{"FUNCTION", "KILL"},
                new String[]{"FUNCTION", "FLUSH", "SYNC"},
                new String[]{"FUNCTION", "STATS"});
        check();
    }

    @Test
    void functionDumpAndRestoreCrossBothWays() throws IOException {
        String code = "#!lua name=dumped\n-- a comment long enough for Redis to compress the code with LZF, "
                + "repeated repeated repeated repeated repeated repeated\n"
                + "redis.register_function('dumped_f', function(keys, args) return args[1] end)";
        LocalStore ours = new LocalStore();
        r2.call(argv("FUNCTION", "FLUSH"));
        r2.call(argv("FUNCTION", "LOAD", code));
        String theirs = r2.call(argv("FUNCTION", "DUMP"));
        byte[] theirPayload = bulkBody(theirs);
        assertThat(ours.run(List.of("FUNCTION".getBytes(), "RESTORE".getBytes(), theirPayload))).isEqualTo("+OK\r\n");
        assertThat(ours.run("FCALL", "dumped_f", "0", "x")).isEqualTo("$1\r\nx\r\n");
        List<byte[]> again = List.of("FUNCTION".getBytes(), "RESTORE".getBytes(), theirPayload);
        assertThat(ours.run(again)).isEqualTo(r2.call(again));
        byte[] ourPayload = bulkBody(ours.run("FUNCTION", "DUMP"));
        r2.call(argv("FUNCTION", "FLUSH"));
        assertThat(r2.call(List.of("FUNCTION".getBytes(), "RESTORE".getBytes(), ourPayload))).isEqualTo("+OK\r\n");
        assertThat(r2.call(argv("FCALL", "dumped_f", "0", "y"))).isEqualTo("$1\r\ny\r\n");
        byte[] corrupt = ourPayload.clone();
        corrupt[3] ^= 1;
        List<byte[]> bad = List.of("FUNCTION".getBytes(), "RESTORE".getBytes(), corrupt);
        assertThat(ours.run(bad)).isEqualTo(r2.call(bad));
        List<byte[]> badPolicy = List.of("FUNCTION".getBytes(), "RESTORE".getBytes(), ourPayload, "NOPE".getBytes());
        assertThat(ours.run(badPolicy)).isEqualTo(r2.call(badPolicy));
        // The snapshot form restores the same libraries.
        LocalStore other = new LocalStore();
        byte[] section = ours.scripting.rdbFunctionSection();
        assertThat(section[0] & 0xff).isEqualTo(245);
        other.scripting.restoreLibraries(List.copyOf(ours.scripting.libraries().values()));
        assertThat(other.run("FCALL", "dumped_f", "0", "z")).isEqualTo("$1\r\nz\r\n");
    }

    private static byte[] bulkBody(String reply) {
        int nl = reply.indexOf("\r\n");
        return reply.substring(nl + 2, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void libraryAndRedisLibEdges() throws IOException {
        both(eval("return redis.sha1hex()", "0"), eval("return redis.sha1hex(1, 2)", "0"),
                eval("return redis.sha1hex(12)", "0"),
                eval("return redis.error_reply()", "0"), eval("return redis.status_reply(5)", "0"),
                eval("redis.log()", "0"), eval("redis.log('x', 'y')", "0"), eval("redis.log(9, 'y')", "0"),
                eval("redis.setresp()", "0"), eval("redis.set_repl()", "0"), eval("redis.set_repl(9)", "0"),
                eval("return redis.acl_check_cmd('nosuch')", "0"), eval("return redis.acl_check_cmd()", "0"),
                eval("return redis.breakpoint()", "0"), eval("return redis.debug('x')", "0"),
                eval("return cjson.encode(function() end)", "0"),
                eval("return cjson.encode({[true]=1})", "0"),
                eval("return cjson.encode({[1]=1, [100]=2})", "0"),
                eval("return cjson.encode({})", "0"), eval("return cjson.encode(1/0)", "0"),
                eval("return cjson.encode(0.1 + 0.2)", "0"), eval("return cjson.encode(123456789012)", "0"),
                eval("return cjson.decode('[1,')", "0"), eval("return cjson.decode('{\"a\" 1}')", "0"),
                eval("return cjson.decode('nope')", "0"), eval("return cjson.decode('\"\\u00e9\"')", "0"),
                eval("return cjson.decode('[1] x')", "0"),
                eval("return cmsgpack.unpack('\\193')", "0"), eval("return cmsgpack.unpack('\\205\\1')", "0"),
                eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2))}", "0"),
                eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}", "0"),
                eval("return cmsgpack.pack()", "0"),
                eval("return cmsgpack.pack(string.rep('y', 300))", "0"),
                eval("return cmsgpack.pack(-2^40, 2^40, 2^63, 1e300)", "0"),
                eval("return struct.pack('y', 1)", "0"),
                eval("return struct.unpack('i4', 'ab')", "0"),
                eval("return struct.pack('!4bi', 1, 2)", "0"),
                eval("return {struct.unpack('!4bi', struct.pack('!4bi', 1, 2))}", "0"),
                eval("return struct.pack('>hHlL', -2, 65535, -3, 5)", "0"),
                eval("return bit.band()", "0"), eval("return bit.tohex(65535, 2)", "0"),
                eval("return bit.band('12', 4)", "0"),
                eval("return string.format('%123d', 1)", "0"), eval("return string.format('%1.123f', 1)", "0"),
                eval("return string.format('%------d', 1)", "0"));
        check();
    }

    @Test
    void commonCommandsInsideScripts() throws IOException {
        both(eval("return redis.call('PING')", "0"), eval("return redis.call('ECHO', 'hi')", "0"),
                eval("redis.call('SET', 'a', '1') return redis.call('DBSIZE')", "0"),
                eval("return redis.call('EXISTS', 'a', 'b')", "0"),
                eval("return redis.call('MSET', 'x', 1, 'y', 2)", "0"),
                eval("return redis.call('MGET', 'x', 'y', 'nope')", "0"),
                eval("return redis.call('HINCRBYFLOAT', 'h', 'f', 1.5)", "0"),
                eval("return redis.call('ZRANGE', 'nz', 0, -1, 'WITHSCORES')", "0"),
                eval("redis.call('ZADD', 'z', 1, 'a', 2.5, 'b') return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')", "0"),
                eval("return redis.call('EXPIRE', 'a', 100)", "0"), eval("return redis.call('TTL', 'a')", "0"),
                eval("return redis.call('OBJECT', 'ENCODING', 'x')", "0"),
                eval("return redis.call('SELECT', 0)", "0"),
                eval("return redis.call('MULTI')", "0"), eval("return redis.call('WATCH', 'a')", "0"),
                eval("return redis.call('SUBSCRIBE', 'c')", "0"),
                eval("return redis.call('FLUSHALL')", "0"), eval("return redis.call('DBSIZE')", "0"));
        check();
    }

    @Test
    void errorValuesSeenByPcall() throws IOException {
        both(eval("local ok, e = pcall(cjson.decode, 'x') return e", "0"),
                eval("local ok, e = pcall(function() return cjson.decode('x') end) return e", "0"),
                eval("local ok, e = pcall(function() return redis.call('nosuch') end) return e", "0"),
                eval("local ok, e = pcall(function() return redis.call('nosuch') end) return e.err", "0"),
                eval("local ok, e = pcall(function() error({err='T'}) end) return e.err", "0"),
                eval("local ok, e = xpcall(function() error('x') end, function(m) return 'h:' .. m end) return e", "0"),
                eval("return select('#', pcall(error))", "0"));
        check();
    }
}

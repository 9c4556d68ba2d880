package io.redraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.server.RedraftServer;
import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import io.redraft.resp.ReplyTree;
import io.redraft.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * COMMAND's replies against a live redis-server 7.0.15, in RESP2 and RESP3: the resource holds
 * exactly what redis-server's COMMAND says (every command and subcommand), COMMAND INFO of every
 * command a node lists equals redis-server's (its subcommands cut to those the node answers),
 * COMMAND COUNT and LIST agree with COMMAND, and GETKEYS / GETKEYSANDFLAGS of tricky commands
 * equal redis-server's. Redis's key spec notes (prose) are not carried and are left out of the
 * comparison; Redis lists subcommands in its dict's order, so subcommand lists are sorted.
 */
class CommandInfoDiffTest {
    @TempDir
    static Path dir;
    private static RedisProcess redis;
    private static RedraftServer node;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        redis = RedisProcess.start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path d = Files.createDirectories(dir.resolve("n1"));
        // COMMAND is answered in any Raft state: an uninitialized node will do.
        node = RedraftServer.start(ServerConfig.parse(new String[] {"--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", d.toString(), "--raft.addr", "127.0.0.1:" + port}));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) node.close();
        if (redis != null) redis.close();
    }

    @Test
    void resourceIsRedisServersCommandInfo() throws Exception {
        List<String> theirs = new ArrayList<>();
        try (RawClient r = connect(redis.port(), 3)) {
            for (ReplyTree c : call(r, "COMMAND").children()) lines(c, theirs);
        }
        theirs.sort(null);
        List<String> ours = new ArrayList<>();
        for (CommandInfo i : CommandInfo.load(ServerCommandTable.REDIS)) ours.add(i.line());
        if (!ours.equals(theirs)) {
            // The regenerated resource, to copy over after checking the difference (README).
            Path expected = Path.of("target", ServerCommandTable.REDIS + ".expected");
            Files.writeString(expected, String.join("\n", theirs) + "\n");
        }
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /** COMMAND INFO entries (RESP3) as resource lines, subcommands after their command. */
    private static void lines(ReplyTree info, List<String> out) {
        List<ReplyTree> f = info.children();
        List<KeySpec> specs = new ArrayList<>();
        for (ReplyTree m : f.get(8).children()) specs.add(keySpec(m));
        out.add(new CommandInfo(f.get(0).text(), Integer.parseInt(f.get(1).text()), texts(f.get(2)),
                Integer.parseInt(f.get(3).text()), Integer.parseInt(f.get(4).text()), Integer.parseInt(f.get(5).text()),
                texts(f.get(6)).stream().map(a -> a.substring(1)).toList(), texts(f.get(7)), specs).line());
        for (ReplyTree sub : f.get(9).children()) lines(sub, out);
    }

    private static KeySpec keySpec(ReplyTree map) {
        ReplyTree flags = value(map, "flags"), begin = value(map, "begin_search"), find = value(map, "find_keys");
        ReplyTree bs = value(begin, "spec"), fs = value(find, "spec");
        KeySpec.Begin b = switch (value(begin, "type").text()) {
            case "index" -> new KeySpec.Index(num(bs, "index"));
            case "keyword" -> new KeySpec.Keyword(value(bs, "keyword").text(), num(bs, "startfrom"));
            default -> new KeySpec.UnknownBegin();
        };
        KeySpec.Find k = switch (value(find, "type").text()) {
            case "range" -> new KeySpec.Range(num(fs, "lastkey"), num(fs, "keystep"), num(fs, "limit"));
            case "keynum" -> new KeySpec.Keynum(num(fs, "keynumidx"), num(fs, "firstkey"), num(fs, "keystep"));
            default -> new KeySpec.UnknownFind();
        };
        return new KeySpec(texts(flags), b, k);
    }

    private static ReplyTree value(ReplyTree map, String key) {
        List<ReplyTree> kv = map.children();
        for (int i = 0; i < kv.size(); i += 2) if (kv.get(i).text().equals(key)) return kv.get(i + 1);
        throw new AssertionError("no " + key + " in " + map.render());
    }

    private static int num(ReplyTree map, String key) {
        return Integer.parseInt(value(map, key).text());
    }

    private static List<String> texts(ReplyTree agg) {
        return agg.children().stream().map(ReplyTree::text).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void commandInfoOfEveryListedRedisCommandEqualsRedisServers(int protocol) throws Exception {
        ServerCommandTable table = ServerCommandTable.get();
        List<String> names = new ArrayList<>();
        for (ServerCommand c : table.listed()) if (c.origin().equals("redis")) names.add(c.name());
        assertThat(names).contains("get", "set", "zunionstore", "object", "watch", "unwatch", "multi", "client", "xadd");
        String[] argv = new String[names.size() + 2];
        argv[0] = "COMMAND";
        argv[1] = "INFO";
        for (int i = 0; i < names.size(); i++) argv[i + 2] = names.get(i);
        ReplyTree ours, theirs;
        try (RawClient r = connect(node.port(), protocol)) {
            ours = call(r, argv);
        }
        try (RawClient r = connect(redis.port(), protocol)) {
            theirs = call(r, argv);
        }
        assertThat(ours.children()).hasSameSizeAs(theirs.children());
        for (int i = 0; i < names.size(); i++) {
            ReplyTree o = ours.children().get(i), t = theirs.children().get(i);
            // Redraft's own subcommands (CLIENT SESSION) are not Redis's to compare
            Set<String> redisSubs = new TreeSet<>(subcommandNames(o));
            redisSubs.removeIf(n -> !table.lookup(n).origin().equals("redis"));
            assertThat(normalized(o, redisSubs, protocol)).as(names.get(i))
                    .isEqualTo(normalized(t, redisSubs, protocol));
        }
        // The subcommands the node runs are those of the store and of the server's dispatchers.
        assertThat(subcommandNames(ours.children().get(names.indexOf("object"))))
                .containsExactlyInAnyOrder("object|encoding", "object|freq", "object|help", "object|idletime", "object|refcount");
    }

    private static Set<String> subcommandNames(ReplyTree info) {
        Set<String> s = new TreeSet<>();
        for (ReplyTree sub : info.children().get(9).children()) s.add(sub.children().get(0).text());
        return s;
    }

    /**
     * An info entry without Redis's key spec notes, its subcommands sorted, and unless {@code keep}
     * is null only the subcommands in it (a node lists only those it answers).
     */
    private static String normalized(ReplyTree info, Set<String> keep, int protocol) {
        List<ReplyTree> f = new ArrayList<>(info.children());
        List<ReplyTree> specs = new ArrayList<>();
        for (ReplyTree m : f.get(8).children()) specs.add(withoutNotes(m, protocol));
        f.set(8, f.get(8).withChildren(specs));
        List<ReplyTree> subs = new ArrayList<>();
        for (ReplyTree s : f.get(9).children()) {
            if (keep == null || keep.contains(s.children().get(0).text())) subs.add(new ReplyTree('S', normalized(s, null, protocol), null));
        }
        f.set(9, f.get(9).withChildren(ReplyTree.sorted(subs)));
        return info.withChildren(f).render();
    }

    private static ReplyTree withoutNotes(ReplyTree map, int protocol) {
        List<ReplyTree> kv = new ArrayList<>(map.children());
        for (int i = 0; i < kv.size(); i += 2) {
            if (kv.get(i).text().equals("notes")) {
                kv.remove(i);
                kv.remove(i);
                break;
            }
        }
        return map.withChildren(kv);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void countAndListAgreeWithCommandAndWithRedis(int protocol) throws Exception {
        Set<String> redisNames = new TreeSet<>();
        try (RawClient r = connect(redis.port(), protocol)) {
            for (ReplyTree n : call(r, "COMMAND", "LIST").children()) redisNames.add(n.text());
            // every Redis 7.0 command and subcommand has an entry in the table
            assertThat(Integer.parseInt(call(r, "COMMAND", "COUNT").text()))
                    .isEqualTo(redisNames.stream().filter(n -> !n.contains("|")).count());
        }
        for (String n : redisNames) {
            assertThat(ServerCommandTable.get().lookup(n)).as(n).isNotNull();
            assertThat(ServerCommandTable.get().lookup(n).origin()).as(n).isEqualTo("redis");
        }
        try (RawClient r = connect(node.port(), protocol)) {
            List<ReplyTree> all = call(r, "COMMAND").children();
            List<String> list = call(r, "COMMAND", "LIST").children().stream().map(ReplyTree::text).toList();
            assertThat(Integer.parseInt(call(r, "COMMAND", "COUNT").text())).isEqualTo(all.size())
                    .isEqualTo((int) list.stream().filter(n -> !n.contains("|")).count());
            for (String n : list) {
                if (!n.startsWith("raft") && !n.equals("client|session") && !n.equals("client|setinfo") && !n.equals("waitaof")) {
                    assertThat(redisNames).as(n).contains(n);
                }
            }
            assertThat(list).contains("watch", "unwatch", "multi", "exec", "discard", "client|list", "object|encoding",
                    "raft", "raft.cluster", "raft.node", "raft.entry", "raft.debug", "raft.peer", "raft.ae",
                    "raft.requestvote", "raft.snapshot", "raft.timeout_now", "raft.transfer_leader", "raft.nodeshutdown",
                    "raft.shardgroup", "raft.import", "raft.scan");
            assertThat(list).contains("eval", "evalsha_ro", "fcall", "script|load", "function|load");
            assertThat(list).contains("subscribe", "publish", "pubsub|numsub", "reset", "client|tracking", "blpop", "bzmpop",
                    "client|unblock", "client|pause");
            assertThat(list).doesNotContain("exec-watched", "expire-sweep", "module|list");
            List<String> module = call(r, "COMMAND", "LIST", "FILTERBY", "MODULE", "raft").children().stream()
                    .map(ReplyTree::text).toList();
            assertThat(module).allMatch(n -> n.startsWith("raft")).contains("raft", "raft.cluster").hasSize(15);
            assertThat(call(r, "COMMAND", "LIST", "FILTERBY", "bogus", "x").text()).isEqualTo("ERR syntax error");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void listFiltersAsRedis(int protocol) throws Exception {
        String[][] filters = {{"ACLCAT", "connection"}, {"ACLCAT", "STRING"}, {"ACLCAT", "nosuch"},
            {"PATTERN", "z*store"}, {"PATTERN", "OBJECT|*"}, {"PATTERN", "*"}};
        for (String[] f : filters) {
            Set<String> theirs = new TreeSet<>(), ours = new TreeSet<>();
            try (RawClient r = connect(redis.port(), protocol)) {
                for (ReplyTree n : call(r, "COMMAND", "LIST", "FILTERBY", f[0], f[1]).children()) theirs.add(n.text());
            }
            try (RawClient r = connect(node.port(), protocol)) {
                for (ReplyTree n : call(r, "COMMAND", "LIST", "FILTERBY", f[0], f[1]).children()) ours.add(n.text());
            }
            // the node lists what it answers: a subset of Redis's, RAFT.* aside
            Set<String> listed = new TreeSet<>();
            for (ServerCommand c : ServerCommandTable.get().all()) {
                if (ServerCommandTable.get().isListed(c) && c.origin().equals("redis")) listed.add(c.name());
            }
            theirs.retainAll(listed);
            ours.removeIf(n -> !listed.contains(n));
            assertThat(ours).as(String.join(" ", f)).isEqualTo(theirs);
        }
    }

    /** Requests whose keys Redis finds with key specs of every kind, or with a command's own procedure. */
    static final String[][] GETKEYS = {
        {"get", "k"}, {"set", "k", "v"}, {"set", "k", "v", "GET"}, {"set", "k", "v", "ex", "1"},
        {"mset", "a", "1", "b", "2"}, {"del", "a", "b", "c"}, {"rename", "a", "b"}, {"copy", "a", "b", "db", "0"},
        {"smove", "a", "b", "m"}, {"pfcount", "a", "b"}, {"pfmerge", "d", "a", "b"}, {"lcs", "a", "b"},
        {"zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"}, {"zunionstore", "d", "x", "a"},
        {"zunionstore", "d", "3", "a"}, {"zinterstore", "d", "1", "a"}, {"zdiffstore", "d", "2", "a", "b"},
        {"zunion", "2", "a", "b"}, {"zdiff", "1", "a", "WITHSCORES"}, {"zintercard", "2", "a", "b", "LIMIT", "1"},
        {"sintercard", "2", "a", "b"}, {"lmpop", "2", "a", "b", "LEFT", "COUNT", "1"},
        {"blmpop", "0", "2", "a", "b", "LEFT"}, {"bzmpop", "0", "1", "a", "MIN"}, {"zmpop", "1", "a", "MAX"},
        {"zrangestore", "d", "s", "0", "-1"}, {"blpop", "a", "b", "0"}, {"brpoplpush", "a", "b", "0"},
        {"eval", "return 1", "2", "k1", "k2", "a1"}, {"eval", "return 1", "0"}, {"eval", "return 1", "-1"},
        {"evalsha", "abc", "1", "k"}, {"fcall", "f", "1", "k", "a"}, {"fcall_ro", "f", "0"},
        {"sort", "k"}, {"sort", "k", "BY", "w", "GET", "x", "STORE", "d"}, {"sort", "k", "STORE", "d", "STORE", "e"},
        {"sort", "k", "LIMIT", "0", "1", "STORE"}, {"sort", "k", "by", "store", "get", "store", "store", "d"},
        {"sort_ro", "k", "BY", "w"},
        {"migrate", "h", "1", "k", "0", "1000"}, {"migrate", "h", "1", "", "0", "1000", "COPY", "REPLACE", "KEYS", "a", "b"},
        {"migrate", "h", "1", "k", "0", "1000", "KEYS", "a"}, {"migrate", "h", "1", "", "0", "1000", "AUTH", "keys", "KEYS", "x"},
        {"migrate", "h", "1", "", "0", "1000", "AUTH2", "keys", "keys", "KEYS", "y"},
        {"xread", "COUNT", "1", "STREAMS", "s1", "s2", "0", "0"}, {"xread", "STREAMS", "s1", "s2", "0"},
        {"xread", "COUNT", "1", "BLOCK", "0"}, {"xreadgroup", "GROUP", "g", "c", "STREAMS", "s", "0"},
        {"xadd", "s", "*", "f", "v"}, {"object", "encoding", "k"}, {"object", "help"}, {"object", "freq"},
        {"bitfield", "k", "GET", "u8", "0"}, {"bitfield", "k", "SET", "u8", "0", "1"}, {"bitfield", "k", "GET", "u8"},
        {"bitfield", "k", "OVERFLOW", "SAT", "GET", "u8", "0"}, {"bitfield_ro", "k", "GET", "u8", "0"},
        {"georadius", "k", "0", "0", "1", "m", "STORE", "d", "STOREDIST", "e"},
        {"georadiusbymember", "k", "m", "1", "km", "STORE", "d"}, {"geosearchstore", "d", "s", "FROMMEMBER", "m"},
        {"watch", "a", "b"}, {"ping"}, {"client", "list"}, {"exists", "a", "b"}, {"bitop", "AND", "d", "a", "b"},
        {"restore", "k", "0", "x"}, {"memory", "usage", "k"}, {"getex", "k", "PERSIST"}, {"touch", "a"},
        {"nosuch", "a"}, {"get"}, {"get", "a", "b"}, {"hello"}, {"xinfo", "stream", "s"}, {"spublish", "c", "m"},
    };

    @Test
    void keysOfTrickyRequestsAreRedisServers() throws Exception {
        try (RawClient r = connect(redis.port(), 3)) {
            for (String[] req : GETKEYS) {
                ReplyTree theirs = call(r, prefixed("GETKEYSANDFLAGS", req));
                Classification c = ServerCommandTable.get().classify(bytes(req));
                assertThat(render(c, req)).as(String.join(" ", req)).isEqualTo(theirs.type() == '-' ? "error" : theirs.render());
            }
        }
    }

    /** What the classification says GETKEYSANDFLAGS replies (errors all alike: their wording is tested live). */
    private static String render(Classification c, String[] req) {
        if (!c.known() || !KeyFinder.hasKeys(c.command().info()) || !c.arityOk()
                || c.keys().isEmpty() && !c.has("no_mandatory_keys")) {
            return "error";
        }
        StringBuilder sb = new StringBuilder("*" + c.keys().size() + "\n");
        for (KeyRef k : c.keys()) {
            sb.append("  *2\n    $").append(req[k.pos()]).append("\n    ~").append(k.flags().size()).append('\n');
            for (String f : k.flags()) sb.append("      +").append(f).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void getKeysRepliesOfListedCommandsAreRedisServers(int protocol) throws Exception {
        try (RawClient ours = connect(node.port(), protocol); RawClient theirs = connect(redis.port(), protocol)) {
            for (String[] req : GETKEYS) {
                ServerCommand c = ServerCommandTable.get().lookup(req[0]);
                if (c != null && !c.listed()) continue; // the node does not know BLPOP, ...: Invalid command
                for (String sub : List.of("GETKEYS", "GETKEYSANDFLAGS")) {
                    assertThat(call(ours, prefixed(sub, req)).render()).as(sub + " " + String.join(" ", req))
                            .isEqualTo(call(theirs, prefixed(sub, req)).render());
                }
            }
            assertThat(call(ours, "COMMAND", "GETKEYS", "blpop", "k", "0").render())
                    .isEqualTo(call(theirs, "COMMAND", "GETKEYS", "blpop", "k", "0").render());
        }
    }

    private static String[] prefixed(String sub, String[] req) {
        String[] argv = new String[req.length + 2];
        argv[0] = "COMMAND";
        argv[1] = sub;
        System.arraycopy(req, 0, argv, 2, req.length);
        return argv;
    }

    private static byte[][] bytes(String[] req) {
        byte[][] b = new byte[req.length][];
        for (int i = 0; i < req.length; i++) b[i] = req[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void errorsAndNullsAreRedisServers(int protocol) throws Exception {
        String[][] requests = {{"COMMAND", "INFO", "get", "nosuch"}, {"COMMAND", "COUNT", "x"}, {"COMMAND", "BOGUS"},
            {"COMMAND", "LIST", "x"}, {"COMMAND", "LIST", "FILTERBY", "PATTERN"}, {"COMMAND", "GETKEYS", "get"},
            {"COMMAND", "DOCS", "nosuch"}, {"COMMAND", "INFO", "object|encoding", "OBJECT|FREQ"}};
        try (RawClient ours = connect(node.port(), protocol); RawClient theirs = connect(redis.port(), protocol)) {
            for (String[] req : requests) {
                assertThat(call(ours, req).render()).as(String.join(" ", req)).isEqualTo(call(theirs, req).render());
            }
        }
    }

    private static RawClient connect(int port, int protocol) throws java.io.IOException {
        RawClient c = new RawClient(port);
        if (protocol == 3) c.call("HELLO", "3");
        return c;
    }

    private static ReplyTree call(RawClient c, String... argv) throws java.io.IOException {
        return ReplyTree.call(c, argv);
    }
}

package io.redraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table misses no command and cannot drift from the store: every command the store registers
 * has an entry routed by its flags, and where the store declares arity, flags and key positions
 * they are the Redis facts the table carries; every RAFT.* name the server's code dispatches has
 * an entry; COMMAND lists WATCH, UNWATCH and every RAFT.* command the server runs.
 */
class CommandTableTest {
    private final ServerCommandTable table = ServerCommandTable.get();

    /** Flags both the store and Redis's COMMAND INFO spell (the store's RANDOM is Redis's nondeterministic_output tip). */
    private static final Set<String> SHARED_FLAGS = Set.of("write", "readonly", "denyoom", "fast", "admin", "noscript",
            "loading", "stale", "movablekeys");

    @Test
    void everyStoreCommandHasAnEntryRoutedByItsFlags() {
        for (CommandSpec s : Store.commands().specs()) {
            ServerCommand c = table.lookup(s.name());
            assertThat(c).as(s.name()).isNotNull();
            Route expected = s.has(CommandFlag.INTERNAL) ? Route.INTERNAL
                    : s.has(CommandFlag.READONLY) ? Route.READ_INDEX : Route.REPLICATED;
            if (!Set.of(Route.NODE, Route.LOCAL, Route.REFUSED).contains(c.route())) {
                assertThat(c.route()).as(s.name()).isEqualTo(expected);
            }
        }
        assertThat(table.lookup("exec-watched").route()).isEqualTo(Route.INTERNAL);
        assertThat(table.lookup("get").route()).isEqualTo(Route.READ_INDEX);
        assertThat(table.lookup("set").route()).isEqualTo(Route.REPLICATED);
        assertThat(table.lookup("pfcount").route()).isEqualTo(Route.REPLICATED);
        assertThat(table.lookup("ping").route()).isEqualTo(Route.NODE);
        assertThat(table.lookup("echo").route()).isEqualTo(Route.LOCAL);
        assertThat(table.lookup("xadd").route()).isEqualTo(Route.REPLICATED); // RedisRaft refuses streams; we run them
        assertThat(table.lookup("xrange").route()).isEqualTo(Route.READ_INDEX);
        assertThat(table.lookup("sync").route()).isEqualTo(Route.REFUSED);
        assertThat(table.lookup("sync").refusal()).isEqualTo("ERR not supported by RedisRaft");
        assertThat(table.lookup("eval").route()).isEqualTo(Route.REPLICATED); // scripts run at apply on every node
        assertThat(table.lookup("eval_ro").route()).isEqualTo(Route.READ_INDEX);
        assertThat(table.lookup("memory|stats").route()).isEqualTo(Route.READ_INDEX);
        assertThat(table.lookup("memory|usage").route()).isEqualTo(Route.READ_INDEX);
        assertThat(table.lookup("blpop").route()).isEqualTo(Route.REPLICATED); // the node makes it wait (docs/blocking.md)
    }

    @Test
    void storeDeclarationsAreTheRedisFacts() {
        List<String> differences = new ArrayList<>();
        for (CommandSpec s : Store.commands().specs()) {
            ServerCommand c = table.lookup(s.name());
            if (!c.origin().equals("redis")) continue;
            CommandInfo i = c.info();
            if (s.arity() != i.arity()) differences.add(s.name() + " arity " + s.arity() + " vs " + i.arity());
            if (s.firstKey() != i.firstKey() || s.lastKey() != i.lastKey() || s.step() != i.step()) {
                differences.add(s.name() + " key range " + s.firstKey() + " " + s.lastKey() + " " + s.step());
            }
            Set<String> ours = new TreeSet<>();
            for (CommandFlag f : s.flags()) ours.add(f.name().toLowerCase(Locale.ROOT));
            boolean random = ours.remove("random");
            Set<String> theirs = new TreeSet<>(i.flags());
            theirs.retainAll(SHARED_FLAGS);
            // PFCOUNT is logged (it may rewrite the HLL's cached cardinality): the store flags it write.
            if (s.name().equals("pfcount")) theirs = Set.of("write");
            // MEMORY and its subcommands take the read path (served by one node): the store flags them readonly.
            if (s.name().startsWith("memory")) theirs.add("readonly");
            if (!ours.equals(theirs)) differences.add(s.name() + " flags " + ours + " vs " + theirs);
            boolean tipped = i.tips().contains("nondeterministic_output");
            if (random != tipped) differences.add(s.name() + " random " + random + " vs tips " + i.tips());
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void storeKeyPositionsAreTheTables() {
        for (String[] req : CommandInfoDiffTest.GETKEYS) {
            byte[][] argv = bytes(req);
            CommandSpec s = Store.commands().lookup(Arrays.asList(argv));
            Classification c = table.classify(argv);
            // requests Redis finds no keys in are errors for the command too
            if (s == null || !c.arityOk() || !s.arityOk(argv.length) || c.keys().isEmpty()) continue;
            List<Integer> theirs = c.keys().stream().map(KeyRef::pos).toList();
            assertThat(s.keyPositions(Arrays.asList(argv))).as(String.join(" ", req)).isEqualTo(theirs);
        }
    }

    @Test
    void everyRaftNameTheServerDispatchesHasAnEntry() throws IOException {
        // RAFT.* names as the server's sources spell them in dispatch switches, wherever they live.
        Pattern raftCase = Pattern.compile("case ([^-]*?)->");
        Pattern name = Pattern.compile("\"(raft\\.[a-z_]+)\"");
        Set<String> dispatched = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = raftCase.matcher(Files.readString(f));
                while (m.find()) {
                    Matcher n = name.matcher(m.group(1));
                    while (n.find()) dispatched.add(n.group(1));
                }
            }
        }
        assertThat(dispatched).contains("raft.cluster", "raft.ae", "raft.peer");
        for (String n : dispatched) {
            assertThat(table.lookup(n)).as(n).isNotNull();
            assertThat(table.lookup(n).route()).as(n).isEqualTo(Route.ADMIN);
        }
        for (String n : Routes.ADMIN) assertThat(dispatched).as("dispatched").contains(n);
    }

    @Test
    void everyRedisCommandIsInTheTable() {
        long top = CommandInfo.load(ServerCommandTable.REDIS).stream().filter(i -> i.container() == null).count();
        assertThat(top).isEqualTo(240); // redis-server 7.0.15's COMMAND COUNT
        for (CommandInfo i : CommandInfo.load(ServerCommandTable.REDIS)) {
            assertThat(table.lookup(i.name())).as(i.name()).isNotNull();
        }
    }

    @Test
    void commandListsWatchUnwatchAndEveryRaftCommand() {
        List<String> listed = new ArrayList<>();
        for (String n : reply("COMMAND", "LIST").split("\r\n")) if (!n.startsWith("*") && !n.startsWith("$")) listed.add(n);
        assertThat(listed).contains("watch", "unwatch", "multi", "exec", "discard", "raft");
        assertThat(listed).containsAll(Routes.ADMIN);
        String info = reply("COMMAND", "INFO", "watch", "unwatch", "raft.ae");
        assertThat(info).startsWith("*3\r\n*10\r\n$5\r\nwatch\r\n:-2\r\n").contains("$7\r\nunwatch\r\n").contains("$7\r\nraft.ae\r\n");
    }

    @Test
    void classifyCarriesRouteKeysAndCategories() {
        Classification c = table.classify(bytes(new String[] {"ZUNIONSTORE", "d", "2", "a", "b"}));
        assertThat(c.route()).isEqualTo(Route.REPLICATED);
        assertThat(c.keys()).extracting(KeyRef::pos).containsExactly(1, 3, 4);
        assertThat(c.aclCategories()).containsExactly("write", "sortedset", "slow");
        assertThat(c.has("denyoom")).isTrue();
        Classification p = table.classify(bytes(new String[] {"RAFT", "GET", "k"}));
        assertThat(p.prefixed()).isTrue();
        assertThat(p.route()).isEqualTo(Route.READ_INDEX);
        assertThat(p.keys()).extracting(KeyRef::pos).containsExactly(2);
        assertThat(table.classify(bytes(new String[] {"RAFT", "PING"})).route()).isEqualTo(Route.REPLICATED);
        assertThat(table.classify(bytes(new String[] {"CLIENT", "SESSION", "NEW"})).route()).isEqualTo(Route.REPLICATED);
        assertThat(table.classify(bytes(new String[] {"CLIENT", "LIST"})).route()).isEqualTo(Route.NODE);
        assertThat(table.classify(bytes(new String[] {"CONFIG", "HELP"})).command().name()).isEqualTo("config");
        assertThat(table.classify(bytes(new String[] {"GET"})).arityOk()).isFalse();
        assertThat(table.classify(bytes(new String[] {"NOSUCH"})).known()).isFalse();
        assertThat(table.classify(bytes(new String[] {"SAVE"})).route()).isEqualTo(Route.REFUSED);
    }

    private static String reply(String... argv) {
        ByteArrayOutput out = new ByteArrayOutput();
        byte[][] b = bytes(argv);
        new CommandCommand().run(b, new RespWriter(out, 2));
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    static byte[][] bytes(String[] req) {
        byte[][] b = new byte[req.length][];
        for (int i = 0; i < req.length; i++) b[i] = req[i].getBytes(StandardCharsets.UTF_8);
        return b;
    }
}

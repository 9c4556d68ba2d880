package io.redraft.server.importer;

import static io.redraft.server.importer.RedisRaftFiles.cfgChange;
import static io.redraft.server.importer.RedisRaftFiles.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.HardState;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.StorageConfig;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversion of a RedisRaft directory into Redraft storage, its refusals, and its crash resumption. */
class RedisRaftConversionTest {
    static final String DBID = "00112233445566778899aabbccddeeff";
    @TempDir
    Path dir;

    @AfterEach
    void noCrash() {
        RedisRaftConversion.crashPoint = step -> {};
    }

    private byte[] log;
    private byte[] rdb;

    /** Snapshot 5@2 with nodes 7 (voter) and 8 (non-voter), used ids 7, 8, 9; log 4..8 and a torn 9. */
    private void writeRedisRaftNode(Path d) throws Exception {
        Files.createDirectories(d);
        RedisRaftFiles.Log l = new RedisRaftFiles.Log(DBID, 7, 1, 3)
                .entry(1, 0, command("SET", "x", "old"))
                .entry(2, 4, new byte[0])
                .entry(2, 0, command("SET", "y", "1"))
                .entry(3, 2, cfgChange(8, "10.1.1.8", 6379))
                .entry(3, 1, cfgChange(10, "10.1.1.10", 6380));
        byte[] whole = l.bytes();
        byte[] torn = l.entry(3, 0, command("SET", "z", "9")).bytes();
        log = Arrays.copyOf(torn, whole.length + 11);
        rdb = RedisRaftFiles.rdb(DBID, 2, 5, List.of(new RedisRaftFiles.Node(7, true, "10.1.1.7", 6379),
                new RedisRaftFiles.Node(8, false, "10.1.1.8", 6379)), List.of(7, 8, 9), Map.of("x", "new"), Map.of());
        Files.write(d.resolve("redisraft.db"), log);
        Files.write(d.resolve("redisraft.db.meta"), RedisRaftFiles.meta(DBID, 7, 4, 8));
        Files.write(d.resolve("redisraft.db.idx"), new byte[48]);
        Files.write(d.resolve("dump.rdb"), rdb);
    }

    private static RedisRaftConversion.Result convert(Path d) throws Exception {
        return RedisRaftConversion.convertIfPresent(StorageConfig.defaults(d), (index, term, cmds, tx) ->
                ("batch " + index + " " + new String(cmds.get(0)[0])).getBytes(), 1_700_000_000_000L);
    }

    @Test
    void convertsIntoRedraftStorage() throws Exception {
        writeRedisRaftNode(dir);
        RedisRaftConversion.Result r = convert(dir);
        assertThat(r).isEqualTo(new RedisRaftConversion.Result(DBID, 7, 4, 8, 5, 8, 3, true));

        try (NodeStorage s = NodeStorage.open(StorageConfig.defaults(dir))) {
            assertThat(s.isInitialized()).isTrue();
            assertThat(s.dbid()).isEqualTo(DBID);
            assertThat(s.nodeId()).isEqualTo(7);
            assertThat(s.log().hardState()).isEqualTo(new HardState(4, 8, 5));
            assertThat(s.log().snapshot().lastIndex()).isEqualTo(5);
            assertThat(s.log().snapshot().lastTerm()).isEqualTo(2);
            // Removed ids (9) travel in the RDB's redraft-used-ids (checked below); storage keeps the members.
            assertThat(s.log().snapshot().config().members()).containsExactly(
                    new ClusterConfig.Member(7, "10.1.1.7:6379", true), new ClusterConfig.Member(8, "10.1.1.8:6379", false));
            assertThat(s.log().firstIndex()).isEqualTo(6);
            assertThat(s.log().lastIndex()).isEqualTo(8);
            List<Entry> es = s.log().entries(6, 9, Long.MAX_VALUE);
            assertThat(es).extracting(Entry::type).containsExactly(EntryType.NORMAL, EntryType.ADD_NODE, EntryType.ADD_NONVOTING_NODE);
            assertThat(es).extracting(Entry::term).containsExactly(2L, 3L, 3L);
            assertThat(new String(es.get(0).data())).isEqualTo("batch 6 SET");
            assertThat(ConfChange.decode(EntryType.ADD_NONVOTING_NODE, es.get(2).data()))
                    .isEqualTo(new ConfChange(EntryType.ADD_NONVOTING_NODE, 10, "10.1.1.10:6380"));
        }
        RdbContents snap = RdbReader.read(dir.resolve("dump.rdb"));
        assertThat(snap.raft().dbid()).isEqualTo(DBID);
        assertThat(snap.raft().lastIndex()).isEqualTo(5);
        assertThat(snap.raft().usedIds()).containsExactlyInAnyOrder(7L, 8L, 9L);
        assertThat(snap.keyspace().size()).isEqualTo(1);

        assertThat(Files.readAllBytes(dir.resolve("redisraft.db.redisraft-orig"))).isEqualTo(log);
        assertThat(Files.readAllBytes(dir.resolve("dump.rdb.redisraft-orig"))).isEqualTo(rdb);
        assertThat(convert(dir)).as("a Redraft log is not converted again").isNull();
    }

    /** A crash at every step of the swap: the next start finishes it, with the same result. */
    @Test
    void aCrashAtAnyStepOfTheSwapIsFinishedAtTheNextStart() throws Exception {
        Path reference = dir.resolve("reference");
        writeRedisRaftNode(reference);
        convert(reference);
        Map<String, byte[]> expected = contents(reference);

        for (String step : List.of("READY", "ASIDE", "redisraft.db", "redisraft.db.idx", "redisraft.db.meta", "dump.rdb")) {
            Path d = dir.resolve("crash-" + step);
            writeRedisRaftNode(d);
            RedisRaftConversion.crashPoint = s -> {
                if (s.equals(step)) throw new IllegalStateException("crash at " + s);
            };
            assertThatThrownBy(() -> convert(d)).hasMessage("crash at " + step);
            RedisRaftConversion.crashPoint = s -> {};
            convert(d);
            assertThat(d.resolve("redisraft.db.redisraft-convert")).doesNotExist();
            Map<String, byte[]> got = contents(d);
            assertThat(got.keySet()).as(step).isEqualTo(expected.keySet());
            for (String f : expected.keySet()) {
                if (f.equals("dump.rdb")) continue; // Redraft's RDB carries ctime only; checked by reading below
                assertThat(got.get(f)).as(step + ": " + f).isEqualTo(expected.get(f));
            }
            try (NodeStorage s = NodeStorage.open(StorageConfig.defaults(d))) {
                assertThat(s.log().lastIndex()).isEqualTo(8);
                assertThat(s.log().hardState()).isEqualTo(new HardState(4, 8, 5));
            }
        }
    }

    /** Damage is refused naming the file and offset; the originals stay as they were, nothing is left behind. */
    @Test
    void damageIsRefusedAndLeavesTheOriginals() throws Exception {
        writeRedisRaftNode(dir);
        byte[] bad = log.clone();
        long sixth = RedisRaftLog.parse(dir.resolve("redisraft.db"), log).entries().get(2).offset();
        String text = new String(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        bad[text.indexOf("\ny\n", (int) sixth) + 1] = 'w'; // SET y -> SET w in entry 6: its CRC no longer matches, entries follow
        Files.write(dir.resolve("redisraft.db"), bad);
        assertThatThrownBy(() -> convert(dir)).isInstanceOf(ImportException.class)
                .hasMessageContaining(dir.resolve("redisraft.db") + " at offset " + sixth + ": CRC mismatch in entry 6");
        assertThat(Files.readAllBytes(dir.resolve("redisraft.db"))).isEqualTo(bad);
        assertThat(dir.resolve("redisraft.db.redisraft-orig")).doesNotExist();
        assertThat(dir.resolve("redisraft.db.redisraft-convert")).doesNotExist();

        Files.write(dir.resolve("redisraft.db"), log);
        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta("ffffffffffffffffffffffffffffffff", 7, 4, 8));
        assertThatThrownBy(() -> convert(dir)).hasMessageContaining("redisraft.db.meta at offset 0: belongs to cluster ffff");

        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta(DBID, 7, 4, 8));
        Files.write(dir.resolve("redisraft.db"), new RedisRaftFiles.Log(DBID, 7, 2, 6).entry(2, 0, command("GET", "x")).bytes());
        assertThatThrownBy(() -> convert(dir)).hasMessageContaining("gap between the snapshot, which ends at entry 5, and the log, which starts after entry 6");

        Files.delete(dir.resolve("redisraft.db.meta"));
        assertThatThrownBy(() -> convert(dir)).hasMessageContaining("redisraft.db.meta is missing");
    }

    /** A node that never took a snapshot: no RDB, the whole log from index 1, configuration from its entries. */
    @Test
    void aNodeWithoutSnapshot() throws Exception {
        Files.write(dir.resolve("redisraft.db"), new RedisRaftFiles.Log(DBID, 7, 0, 0)
                .entry(1, 4, new byte[0])
                .entry(1, 2, cfgChange(7, "10.1.1.7", 6379))
                .entry(1, 0, command("SET", "k", "v")).bytes());
        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta(DBID, 7, 1, 7));
        RedisRaftConversion.Result r = convert(dir);
        assertThat(r.snapshotIndex()).isZero();
        assertThat(r.lastIndex()).isEqualTo(3);
        assertThat(dir.resolve("dump.rdb")).doesNotExist();
        try (NodeStorage s = NodeStorage.open(StorageConfig.defaults(dir))) {
            assertThat(s.log().firstIndex()).isEqualTo(1);
            assertThat(s.log().entries(1, 4, Long.MAX_VALUE)).extracting(Entry::type)
                    .containsExactly(EntryType.NO_OP, EntryType.ADD_NODE, EntryType.NORMAL);
        }
    }

    /** A compaction in progress: the second page {@code <log>.1} continues the first; both are converted. */
    @Test
    void theSecondLogPageContinuesTheFirst() throws Exception {
        writeRedisRaftNode(dir);
        Files.write(dir.resolve("redisraft.db"), new RedisRaftFiles.Log(DBID, 7, 1, 3)
                .entry(1, 0, command("SET", "x", "old"))
                .entry(2, 4, new byte[0])
                .entry(2, 0, command("SET", "y", "1")).bytes());
        Files.write(dir.resolve("redisraft.db.1"), new RedisRaftFiles.Log(DBID, 7, 2, 6)
                .entry(3, 0, command("SET", "y", "2"))
                .entry(4, 4, new byte[0]).bytes());
        RedisRaftConversion.Result r = convert(dir);
        assertThat(r.lastIndex()).isEqualTo(8);
        assertThat(dir.resolve("redisraft.db.1.redisraft-orig")).exists();
        assertThat(dir.resolve("redisraft.db.1")).doesNotExist();
        try (NodeStorage s = NodeStorage.open(StorageConfig.defaults(dir))) {
            assertThat(s.log().entries(6, 9, Long.MAX_VALUE)).extracting(Entry::term).containsExactly(2L, 3L, 4L);
        }
    }

    /** An older RedisRaft log (6-element header, no CRCs) is recognised and refused by name, not taken for Redraft's. */
    @Test
    void anOlderLogFormatIsRefusedClearly() throws Exception {
        writeRedisRaftNode(dir);
        Files.writeString(dir.resolve("redisraft.db"), "*6\r\n$7\r\nRAFTLOG\r\n$4\r\n0001\r\n");
        assertThatThrownBy(() -> convert(dir)).hasMessageContaining("redisraft.db at offset 0: a RedisRaft log header of 6 elements");
        assertThat(Files.readAllBytes(dir.resolve("dump.rdb"))).isEqualTo(rdb);
    }

    private static Map<String, byte[]> contents(Path d) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : new ArrayList<>(files.toList())) {
                if (Files.isRegularFile(p)) m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}

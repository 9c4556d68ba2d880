package io.redraft.server.importer;

import static io.redraft.server.importer.RedisRaftFiles.cfgChange;
import static io.redraft.server.importer.RedisRaftFiles.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.store.rdb.ModuleAux;
import io.redraft.store.rdb.RdbReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RedisRaft file parsers: what they read, and the error (file, offset, problem) for damage. */
class RedisRaftParsersTest {
    static final String DBID = "0123456789abcdef0123456789abcdef";
    static final Path LOG = Path.of("/d/redisraft.db");

    private static RedisRaftFiles.Log threeEntries() {
        return new RedisRaftFiles.Log(DBID, 77, 2, 10)
                .entry(2, 4, new byte[0])
                .entry(3, 0, command("SET", "k", "v"))
                .entry(3, 2, cfgChange(88, "10.0.0.2", 5002));
    }

    /** Offsets of each entry in a page's bytes, found by parsing. */
    private static long[] offsets(byte[] log) throws Exception {
        return RedisRaftLog.parse(LOG, log).entries().stream().mapToLong(RedisRaftLog.RawEntry::offset).toArray();
    }

    @Test
    void readsHeaderAndEntries() throws Exception {
        RedisRaftLog l = RedisRaftLog.parse(LOG, threeEntries().bytes());
        assertThat(l.dbid()).isEqualTo(DBID);
        assertThat(l.nodeId()).isEqualTo(77);
        assertThat(l.prevTerm()).isEqualTo(2);
        assertThat(l.prevIndex()).isEqualTo(10);
        assertThat(l.entries()).extracting(RedisRaftLog.RawEntry::index).containsExactly(11L, 12L, 13L);
        assertThat(l.entries()).extracting(RedisRaftLog.RawEntry::term).containsExactly(2L, 3L, 3L);
        assertThat(l.entries()).extracting(RedisRaftLog.RawEntry::type).containsExactly(4, 0, 2);
        assertThat(l.tornOffset()).isEqualTo(-1);
    }

    @Test
    void aTornLastEntryIsDroppedAtEveryCut() throws Exception {
        byte[] full = threeEntries().bytes();
        long last = offsets(full)[2];
        for (int cut = (int) last + 1; cut < full.length; cut++) {
            RedisRaftLog l = RedisRaftLog.parse(LOG, Arrays.copyOf(full, cut));
            assertThat(l.entries()).as("cut at %d", cut).hasSize(2);
            assertThat(l.tornOffset()).isEqualTo(last);
        }
    }

    @Test
    void aZeroTailIsATornWrite() throws Exception {
        byte[] full = threeEntries().bytes();
        byte[] padded = Arrays.copyOf(full, full.length + 4096);
        RedisRaftLog l = RedisRaftLog.parse(LOG, padded);
        assertThat(l.entries()).hasSize(3);
        assertThat(l.tornOffset()).isEqualTo(full.length);
    }

    @Test
    void aBadCrcInTheLastEntryIsDroppedElsewhereRefused() throws Exception {
        byte[] full = threeEntries().bytes();
        long[] at = offsets(full);
        byte[] lastFlipped = full.clone();
        int hostByte = indexOf(full, "10.0.0.2".getBytes(StandardCharsets.US_ASCII));
        lastFlipped[hostByte] = '9';
        RedisRaftLog l = RedisRaftLog.parse(LOG, lastFlipped);
        assertThat(l.entries()).hasSize(2);
        assertThat(l.tornOffset()).isEqualTo(at[2]);
        assertThat(l.tornReason()).contains("CRC mismatch in entry 13");

        byte[] middleFlipped = full.clone();
        middleFlipped[indexOf(full, "\nk\n".getBytes(StandardCharsets.US_ASCII)) + 1] = 'q';
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, middleFlipped))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("/d/redisraft.db at offset " + at[1] + ": CRC mismatch in entry 12");
    }

    @Test
    void garbageFollowedByDataIsRefusedWithItsOffset() throws Exception {
        byte[] full = threeEntries().bytes();
        long[] at = offsets(full);
        byte[] bad = full.clone();
        bad[(int) at[1]] = '#'; // entry 12 no longer starts with '*'
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, bad))
                .hasMessageContaining("at offset " + at[1] + ": expected '*' but found '#'");
    }

    @Test
    void headerProblemsAreNamed() {
        byte[] full = threeEntries().bytes();
        byte[] magic = full.clone();
        magic[8] = 'X'; // RAFTLOG -> XAFTLOG
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, magic)).hasMessageContaining("expected log magic 'RAFTLOG'");
        byte[] crc = full.clone();
        crc[indexOf(full, "77".getBytes(StandardCharsets.US_ASCII))] = '6';
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, crc)).hasMessageContaining("log header CRC mismatch");
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, Arrays.copyOf(full, 30)))
                .hasMessageContaining("at offset 0: the log header is incomplete");
        byte[] v2 = new String(full, StandardCharsets.ISO_8859_1).replaceFirst("\\$1\r\n1\r\n", "\\$1\r\n2\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> RedisRaftLog.parse(LOG, v2)).hasMessageContaining("unsupported RedisRaft log version 2");
    }

    @Test
    void metadataFile() throws Exception {
        Path f = Path.of("/d/redisraft.db.meta");
        assertThat(RedisRaftMeta.parse(f, RedisRaftFiles.meta(DBID, 77, 9, -1))).isEqualTo(new RedisRaftMeta(DBID, 77, 9, -1));
        assertThat(RedisRaftMeta.parse(f, RedisRaftFiles.meta(DBID, 77, 9, 88)).vote()).isEqualTo(88);
        byte[] ok = RedisRaftFiles.meta(DBID, 77, 9, 88);
        assertThatThrownBy(() -> RedisRaftMeta.parse(f, Arrays.copyOf(ok, ok.length - 3)))
                .hasMessageContaining("redisraft.db.meta at offset " + (ok.length - 3) + ": the metadata file is incomplete");
        byte[] longer = Arrays.copyOf(ok, ok.length + 2);
        assertThatThrownBy(() -> RedisRaftMeta.parse(f, longer)).hasMessageContaining("2 unexpected bytes after the metadata");
        byte[] old = "1 2".getBytes(StandardCharsets.US_ASCII); // the pre-2022 "term vote" format
        assertThatThrownBy(() -> RedisRaftMeta.parse(f, old)).hasMessageContaining("at offset 0: expected '*' but found '1'");
    }

    @Test
    void entriesMapToRedraftTypes() throws Exception {
        List<Object[]> encoded = new ArrayList<>();
        RedisRaftEntries m = new RedisRaftEntries(LOG, (index, term, cmds, tx) -> {
            encoded.add(new Object[] {index, cmds, tx});
            return new byte[] {1};
        });
        RedisRaftLog l = RedisRaftLog.parse(LOG, threeEntries()
                .entry(3, 0, RedisRaftFiles.commands("", List.of(new String[] {"MULTI"}, new String[] {"INCR", "n"},
                        new String[] {"SET", "x", "a b"})))
                .entry(3, 3, cfgChange(88, "", 0))
                .entry(3, 107, new byte[] {'x'})
                .entry(3, 108, "*12\n*0\n\0".getBytes(StandardCharsets.US_ASCII))
                .bytes());
        List<Entry> out = new ArrayList<>();
        for (RedisRaftLog.RawEntry e : l.entries()) out.add(m.map(e));
        assertThat(out).extracting(Entry::type).containsExactly(EntryType.NO_OP, EntryType.NORMAL, EntryType.ADD_NODE,
                EntryType.NORMAL, EntryType.REMOVE_NODE, EntryType.NO_OP, EntryType.NO_OP);
        assertThat(out).extracting(Entry::index).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L);
        assertThat(ConfChange.decode(EntryType.ADD_NODE, out.get(2).data())).isEqualTo(new ConfChange(EntryType.ADD_NODE, 88, "10.0.0.2:5002"));
        assertThat(ConfChange.decode(EntryType.REMOVE_NODE, out.get(4).data()).nodeId()).isEqualTo(88);
        @SuppressWarnings("unchecked") List<byte[][]> set = (List<byte[][]>) encoded.get(0)[1];
        assertThat(set).hasSize(1);
        assertThat(new String(set.get(0)[2], StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(encoded.get(0)[2]).isEqualTo(false);
        @SuppressWarnings("unchecked") List<byte[][]> multi = (List<byte[][]>) encoded.get(1)[1];
        assertThat(multi).hasSize(2); // MULTI removed
        assertThat(new String(multi.get(1)[2], StandardCharsets.UTF_8)).isEqualTo("a b");
        assertThat(encoded.get(1)[2]).isEqualTo(true);
    }

    @Test
    void unmappableEntriesAreRefused() throws Exception {
        RedisRaftEntries m = new RedisRaftEntries(LOG, (index, term, cmds, tx) -> new byte[0]);
        RedisRaftLog l = RedisRaftLog.parse(LOG, new RedisRaftFiles.Log(DBID, 77, 0, 0)
                .entry(1, 101, "0:1:1\n".getBytes(StandardCharsets.US_ASCII))
                .entry(1, 0, "*1\n*1\n$3\nGET\n".getBytes(StandardCharsets.US_ASCII)) // the pre-metadata format
                .entry(1, 2, new byte[] {1, 0, 0, 0})
                .entry(1, 0, "*2\n*3\n:0\n:0\n$0\n\n*1\n*2\n$3\nGET\n$9\nk\n".getBytes(StandardCharsets.US_ASCII))
                .bytes());
        List<RedisRaftLog.RawEntry> e = l.entries();
        assertThatThrownBy(() -> m.map(e.get(0))).hasMessageContaining("at offset " + e.get(0).offset()
                + ": entry 1 has type 101 (ADD_SHARDGROUP), which Redraft has no counterpart for");
        assertThatThrownBy(() -> m.map(e.get(1))).hasMessageContaining("entry 2: not a RedisRaft command array at data byte 3: expected *2 (metadata and commands)");
        assertThatThrownBy(() -> m.map(e.get(2))).hasMessageContaining("entry 3 (ADD_NODE) has 4 bytes of data, expected a 264-byte RaftCfgChange");
        assertThatThrownBy(() -> m.map(e.get(3))).hasMessageContaining("entry 4: not a RedisRaft command array")
                .hasMessageContaining("string of 9 bytes runs past the entry");
    }

    @Test
    void snapshotMetadataFromTheRdb(@TempDir Path dir) throws Exception {
        Path rdb = dir.resolve("dump.rdb");
        Files.write(rdb, RedisRaftFiles.rdb(DBID, 4, 40, List.of(new RedisRaftFiles.Node(77, true, "10.0.0.1", 5001),
                new RedisRaftFiles.Node(88, false, "10.0.0.2", 5002)), List.of(77, 88, 99), Map.of("a", "1"), Map.of()));
        List<ModuleAux> aux = new ArrayList<>();
        assertThat(RdbReader.read(rdb, aux::add).keyspace().size()).isEqualTo(1);
        assertThat(aux).hasSize(1);
        assertThat(aux.get(0).moduleName()).isEqualTo("redisraft");
        assertThat(aux.get(0).encodingVersion()).isEqualTo(1);
        RedisRaftSnapshotInfo info = RedisRaftSnapshotInfo.parse(rdb, aux.get(0));
        assertThat(info.dbid()).isEqualTo(DBID);
        assertThat(info.lastTerm()).isEqualTo(4);
        assertThat(info.lastIndex()).isEqualTo(40);
        assertThat(info.nodes()).containsExactly(new RedisRaftSnapshotInfo.Node(77, true, "10.0.0.1", 5001),
                new RedisRaftSnapshotInfo.Node(88, false, "10.0.0.2", 5002));
        assertThat(info.usedIds()).containsExactly(77L, 88L, 99L);
        assertThat(info.ignored()).isEmpty();

        Path withBlocked = dir.resolve("blocked.rdb");
        Files.write(withBlocked, RedisRaftFiles.rdb(DBID, 4, 40, List.of(new RedisRaftFiles.Node(77, true, "10.0.0.1", 5001)),
                List.of(77), Map.of(), Map.of(), List.of("*1\n*3\n$5\nBLPOP\n$1\nq\n$1\n0\n")));
        List<ModuleAux> aux2 = new ArrayList<>();
        RdbReader.read(withBlocked, aux2::add);
        assertThat(RedisRaftSnapshotInfo.parse(withBlocked, aux2.get(0)).ignored()).isEqualTo("1 blocked commands (not re-armed: their clients are gone)");

        ModuleAux cut = new ModuleAux(aux.get(0).moduleId(), 1, aux.get(0).values().subList(0, 5), aux.get(0).offset());
        assertThatThrownBy(() -> RedisRaftSnapshotInfo.parse(rdb, cut))
                .hasMessageContaining("dump.rdb at offset " + aux.get(0).offset() + ": redisraft module data, value 5: the redisraft metadata ends before node host");
        ModuleAux v2 = new ModuleAux(ModuleAux.idOf("redisraft", 2), 1, aux.get(0).values(), 9);
        assertThatThrownBy(() -> RedisRaftSnapshotInfo.parse(rdb, v2)).hasMessageContaining("unsupported redisraft module data encoding version 2");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}

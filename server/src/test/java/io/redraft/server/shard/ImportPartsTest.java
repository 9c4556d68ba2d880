package io.redraft.server.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parts of a big key gather in order, survive a snapshot, and give the payload back whole once. */
class ImportPartsTest {
    private static KeyBatch part(String key, String bytes, long offset, long total, long term) {
        return new KeyBatch(1, term, 42, List.of(key.getBytes()), List.of(bytes.getBytes()), List.of(0L), offset, total);
    }

    @Test
    void partsGatherInOrderAcrossASnapshotAndAnOutOfOrderPartIsRefused() throws Exception {
        ImportParts parts = new ImportParts();
        assertThat(parts.add(part("k", "abc", 0, 9, 3))).isNull();
        assertThatThrownBy(() -> parts.add(part("k", "ghi", 6, 9, 3))).hasMessageContaining("out of order");
        assertThatThrownBy(() -> parts.add(part("k", "def", 3, 9, 2))).hasMessageContaining("out of order");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        parts.write(new DataOutputStream(bytes));
        ImportParts restored = new ImportParts();
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.add(part("k", "def", 3, 9, 3))).isNull();
        assertThat(restored.add(part("k", "ghi", 6, 9, 3))).isEqualTo("abcdefghi".getBytes());
        assertThat(restored.isEmpty()).isTrue();
    }

    @Test
    void aPartEntryDecodesWithItsOffsetAndAWholeBatchAsBefore() {
        KeyBatch p = part("k", "xy", 5, 7, 1);
        assertThat(KeyBatch.decode(p.encode()).offset()).isEqualTo(5);
        assertThat(KeyBatch.decode(p.encode()).total()).isEqualTo(7);
        KeyBatch whole = new KeyBatch(1, 1, 42, List.of("k".getBytes()), List.of("xy".getBytes()), List.of(0L));
        assertThat(whole.encode()).hasSize(p.encode().length - 16);
        assertThat(KeyBatch.decode(whole.encode()).isPart()).isFalse();
    }

    @Test
    void theImportCommandSaysWhichFormItIs() throws Exception {
        ImportRequest p = ImportRequest.part(7, 42, "k".getBytes(), "xy".getBytes(), 99, 5, 7);
        ImportRequest back = ImportRequest.parse(p.toCommand());
        assertThat(back.isPart()).isTrue();
        assertThat(back.offset()).isEqualTo(5);
        assertThat(back.expiries()).containsExactly(99L);
        // Two keys with TTLs have the same argument count but the TTL mark where the part mark would be.
        ImportRequest two = new ImportRequest(7, 42, List.of("a".getBytes(), "b".getBytes()),
                List.of("1".getBytes(), "2".getBytes()), List.of(5L, 6L));
        assertThat(two.toCommand().length).isEqualTo(10);
        assertThat(ImportRequest.parse(two.toCommand()).isPart()).isFalse();
        // One key (or any odd number) with a TTL: 7 arguments, which once read as two plain pairs.
        ImportRequest one = new ImportRequest(7, 42, List.of("a".getBytes()), List.of("1".getBytes()), List.of(5L));
        ImportRequest read = ImportRequest.parse(one.toCommand());
        assertThat(read.keys()).hasSize(1);
        assertThat(read.expiries()).containsExactly(5L);
    }

    @Test
    void partsThatLearnTheTotalOnlyWithTheLastOneGatherToo() throws Exception {
        ImportParts parts = new ImportParts();
        long more = ImportRequest.MORE;
        assertThat(parts.add(part("k", "abc", 0, more, 3))).isNull();
        assertThat(parts.add(part("k", "def", 3, more, 3))).isNull();
        assertThat(KeyBatch.decode(part("k", "def", 3, more, 3).encode()).total()).isEqualTo(more);
        // The last part states the length: it must be where the gathered bytes and its own end.
        assertThatThrownBy(() -> parts.add(part("k", "ghi", 6, 8, 3))).hasMessageContaining("offset or length");
        assertThat(parts.add(part("k", "ghi", 6, 9, 3))).isEqualTo("abcdefghi".getBytes());
        // A key that started with a stated total keeps it: a part saying 'more' does not belong to it.
        assertThat(parts.add(part("j", "abc", 0, 9, 3))).isNull();
        assertThatThrownBy(() -> parts.add(part("j", "def", 3, more, 3))).hasMessageContaining("out of order");

        ImportRequest p = ImportRequest.part(7, 42, "k".getBytes(), "xy".getBytes(), 0, 5, more);
        byte[][] argv = p.toCommand();
        assertThat(new String(argv[9])).isEqualTo("more");
        ImportRequest back = ImportRequest.parse(argv);
        assertThat(back.isPart()).isTrue();
        assertThat(back.total()).isEqualTo(more);
    }

    @Test
    void batchesAreMadeAsTheyAreAskedForAndABigKeyEndsWithItsLength() {
        io.redraft.store.Store store = new io.redraft.store.Store();
        for (String[] c : new String[][] {{"SET", "a", "1"}, {"SET", "big", "x".repeat(50) + "0123456789".repeat(3000)},
                {"SET", "b", "2"}}) {
            store.execute(java.util.Arrays.stream(c).map(String::getBytes).toList(),
                    new io.redraft.store.ExecContext(1, 1, 2), new io.redraft.resp.RespWriter(new io.redraft.resp.ByteArrayOutput(), 2));
        }
        List<ImportBatches.Key> keys = new java.util.ArrayList<>();
        for (String k : List.of("a", "big", "b")) {
            keys.add(new ImportBatches.Key(k.getBytes(), store.keyspace().peek(io.redraft.store.Bytes.wrap(k.getBytes()), 1), 0));
        }
        byte[] dump = io.redraft.store.dump.DumpCommands.payload(io.redraft.store.Bytes.wrap("big".getBytes()),
                keys.get(1).value());
        assertThat(dump.length).isGreaterThan(300);
        try (ImportBatches batches = new ImportBatches(3, 42, keys, 100)) {
            byte[][] first = batches.next();
            assertThat(first.length).isEqualTo(5); // RAFT.IMPORT term session a dump: the big key does not join it
            assertThat(new String(first[3])).isEqualTo("a");
            java.io.ByteArrayOutputStream gathered = new java.io.ByteArrayOutputStream();
            byte[][] c;
            while ((c = batches.next()) != null && c.length == 10) {
                assertThat(Long.parseLong(new String(c[8]))).isEqualTo(gathered.size());
                gathered.writeBytes(c[4]);
                String total = new String(c[9]);
                assertThat(total).isEqualTo(gathered.size() == dump.length ? Integer.toString(dump.length) : "more");
            }
            assertThat(gathered.toByteArray()).isEqualTo(dump);
            assertThat(c).isNotNull();
            assertThat(new String(c[3])).isEqualTo("b");
            assertThat(batches.next()).isNull();
        }
    }
}

package io.redraft.storage;

import io.redraft.raft.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node thread reads while the log thread appends and compacts: every read returns the right
 * entries, from the cache or the disk, and never a half-written or swapped-out one.
 */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    @Test
    void readsDuringAppendsAndCompactionsSeeCorrectEntries() throws Exception {
        StorageConfig config = StorageConfig.defaults(dir).withFsync(false).withMaxCacheSize(4_000);
        try (NodeStorage s = NodeStorage.open(config)) {
            s.initialize(DBID, NODE_ID);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                DurableLog log = s.log();
                while (!done.get()) {
                    long first = log.firstIndex();
                    long last = log.lastIndex();
                    if (last < first) continue;
                    try {
                        List<Entry> got = log.entries(first, last + 1, 16_000);
                        for (int k = 0; k < got.size(); k++) assertThat(got.get(k)).isEqualTo(entry(first + k, 1));
                        assertThat(log.term(last)).isEqualTo(1);
                        reads.incrementAndGet();
                    } catch (IndexOutOfBoundsException e) {
                        // a snapshot moved firstIndex between our calls; the core never reads there
                        assertThat(log.firstIndex()).isGreaterThan(first);
                    }
                }
            });
            long next = 1;
            for (int round = 1; round <= 10; round++) {
                for (int batch = 0; batch < 20; batch++) {
                    int size = 1 + (round * batch) % 13;
                    s.writer().submit(entries(next, next + size - 1, 1), null, p -> {});
                    next += size;
                }
                append(s, List.of(), null); // waits for the batches above
                installSnapshot(s, false, next - 50, 1, rdb(next - 50));
            }
            done.set(true);
            reader.get(30, TimeUnit.SECONDS);
            assertThat(reads.get()).isPositive();
            assertThat(s.log().entries(s.log().firstIndex(), next, Long.MAX_VALUE))
                    .containsExactlyElementsOf(entries(s.log().firstIndex(), next - 1, 1));
        }
    }
}

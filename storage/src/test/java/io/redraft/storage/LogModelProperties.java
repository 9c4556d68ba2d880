package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random scripts of appends, conflicting appends (suffix truncation), snapshots (prefix compaction),
 * clean reopens and process crashes, compared after every step with a list in memory.
 */
class LogModelProperties {
    @Property(tries = 60)
    void logMatchesAnInMemoryModel(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 99) Integer> script,
                                   @ForAll boolean fsync, @ForAll boolean smallCache) throws Exception {
        StorageConfig config = simConfig(fsync).withMaxCacheSize(smallCache ? 300 : 0);
        SimulatedFileSystem fs = new SimulatedFileSystem();
        NodeStorage storage = fresh(fs, config);
        List<Entry> model = new ArrayList<>(); // model.get(i - 1) is entry i, compacted or not
        long snapshot = 0;
        long term = 1;
        try {
            for (int step : script) {
                int param = step / 5;
                long last = model.size();
                switch (step % 5) {
                    case 0, 1 -> appendAndRecord(storage, model, last + 1, param + 1, term);
                    case 2 -> {
                        if (last > snapshot) {
                            long from = snapshot + 1 + param % (last - snapshot);
                            term++;
                            appendAndRecord(storage, model, from, 1 + param % 3, term);
                        }
                    }
                    case 3 -> {
                        if (last > snapshot) {
                            snapshot = snapshot + 1 + param % (last - snapshot);
                            installSnapshot(storage, false, snapshot, model.get((int) snapshot - 1).term(), rdb(snapshot));
                        }
                    }
                    default -> {
                        switch (param % 4) {
                            case 0 -> storage.close();
                            // Acknowledged means synced with fsync on, so a power loss keeps it all.
                            case 1 -> crash(fs, storage, fsync ? Outage.POWER : Outage.PROCESS);
                            case 2 -> crash(fs, storage, fsync ? Outage.REORDERED_POWER : Outage.PROCESS);
                            default -> crash(fs, storage, Outage.PROCESS);
                        }
                        storage = NodeStorage.open(config, fs, null);
                    }
                }
                check(storage.log(), model, snapshot);
            }
        } finally {
            storage.close();
        }
    }

    private enum Outage { PROCESS, POWER, REORDERED_POWER }

    /** Kills the node without a clean close; its idle log thread then dies on its stale handles. */
    private static void crash(SimulatedFileSystem fs, NodeStorage storage, Outage outage) {
        switch (outage) {
            case PROCESS -> fs.processCrash();
            case POWER -> fs.powerLoss(new java.util.Random(storage.log().lastIndex()));
            case REORDERED_POWER -> fs.powerLossReordered(new java.util.Random(storage.log().lastIndex()));
        }
        storage.close();
    }

    private static void appendAndRecord(NodeStorage s, List<Entry> model, long from, int count, long term) throws Exception {
        List<Entry> batch = entries(from, from + count - 1, term);
        append(s, batch, new HardState(term, 0, 0));
        while (model.size() >= from) model.removeLast();
        model.addAll(batch);
    }

    private static void check(DurableLog log, List<Entry> model, long snapshot) {
        assertThat(log.firstIndex()).isEqualTo(snapshot + 1);
        assertThat(log.lastIndex()).isEqualTo(model.size());
        if (snapshot > 0) assertThat(log.term(snapshot)).isEqualTo(model.get((int) snapshot - 1).term());
        assertThat(log.entries(snapshot + 1, model.size() + 1, Long.MAX_VALUE))
                .containsExactlyElementsOf(model.subList((int) snapshot, model.size()));
        for (long i = snapshot + 1; i <= model.size(); i++) {
            assertThat(log.term(i)).isEqualTo(model.get((int) i - 1).term());
        }
    }
}

package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The writer process {@link KillNineTest} kills: appends batches of {@link Fixtures#entry} forever
 * and prints {@code persisted <index>} each time the log thread reports a batch durable.
 * Arguments: directory, {@code yes|no} for fsync.
 */
public final class AppendingChild {
    private AppendingChild() {}

    static long termOf(long index) {
        return 1 + index / 700;
    }

    public static void main(String[] args) throws Exception {
        StorageConfig config = StorageConfig.defaults(Path.of(args[0])).withFsync(args[1].equals("yes"));
        NodeStorage storage = NodeStorage.open(config);
        if (!storage.isInitialized()) storage.initialize(Fixtures.DBID, Fixtures.NODE_ID);
        PrintStream out = System.out;
        long next = storage.log().lastIndex() + 1;
        for (int batch = 0; ; batch++) {
            int size = 1 + batch % 23;
            List<Entry> entries = new java.util.ArrayList<>(size);
            for (int k = 0; k < size; k++) entries.add(Fixtures.entry(next + k, termOf(next + k)));
            long last = next + size - 1;
            storage.writer().submit(entries, new HardState(termOf(last), 0, 0), p -> {
                out.println("persisted " + p.lastIndex());
                out.flush();
            });
            next = last + 1;
        }
    }
}

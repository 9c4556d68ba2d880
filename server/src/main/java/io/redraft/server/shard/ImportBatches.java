package io.redraft.server.shard;

import io.redraft.store.Bytes;
import io.redraft.store.RedisObject;
import io.redraft.store.dump.DumpParts;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code RAFT.IMPORT} commands that carry one MIGRATE's keys, made one at a time as they are
 * sent: whole keys grouped up to {@code limit} bytes of payload per command, and a key bigger than
 * that alone, in parts of {@code limit} bytes ({@link ImportRequest#part}). A key's payload is made
 * only when its command is asked for, and a big key's one part at a time ({@link DumpParts}), so
 * the source holds about one batch of payload whatever the keys' sizes. The keys are locked for
 * their move, so their values are the same from one command to the next. Node thread only.
 */
public final class ImportBatches implements AutoCloseable {
    /** A key to move: its value and absolute expiry in ms (0 = none). */
    public record Key(byte[] name, RedisObject value, long expiry) {}

    private final long term;
    private final long sessionKey;
    private final int limit;
    private final List<Key> keys;
    private int at;
    /** The parts of {@code keys[at]}, with its first part, when made but not yet sent. */
    private DumpParts pendingParts;
    private byte[] pending;
    /** The big key being sent in parts, and its next offset. */
    private DumpParts big;
    private Key bigKey;
    private long bigOffset;

    public ImportBatches(long term, long sessionKey, List<Key> keys, long limit) {
        this.term = term;
        this.sessionKey = sessionKey;
        this.keys = List.copyOf(keys);
        this.limit = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1, limit));
    }

    /** The next command, or null when every key was carried. */
    public byte[][] next() {
        if (big != null) return part(big.next());
        List<byte[]> names = new ArrayList<>();
        List<byte[]> dumps = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
        long bytes = 0;
        while (at < keys.size()) {
            Key k = keys.get(at);
            if (pending == null) {
                pendingParts = DumpParts.of(Bytes.wrap(k.name()), k.value(), limit);
                pending = pendingParts.next();
            }
            if (!pendingParts.done()) { // bigger than a batch: alone, in parts
                if (!names.isEmpty()) break;
                big = pendingParts;
                bigKey = k;
                bigOffset = 0;
                byte[] first = pending;
                pendingParts = null;
                pending = null;
                at++;
                return part(first);
            }
            if (!names.isEmpty() && bytes + pending.length > limit) break;
            names.add(k.name());
            dumps.add(pending);
            expiries.add(k.expiry());
            bytes += pending.length;
            pendingParts = null;
            pending = null;
            at++;
        }
        if (names.isEmpty()) return null;
        return new ImportRequest(term, sessionKey, names, dumps, expiries).toCommand();
    }

    private byte[][] part(byte[] bytes) {
        long offset = bigOffset;
        bigOffset += bytes.length;
        boolean last = big.done();
        byte[][] command = ImportRequest.part(term, sessionKey, bigKey.name(), bytes, bigKey.expiry(), offset,
                last ? bigOffset : ImportRequest.MORE).toCommand();
        if (last) {
            big = null;
            bigKey = null;
        }
        return command;
    }

    /** The move stops here: a key's payload half made is dropped. */
    @Override
    public void close() {
        if (big != null) big.close();
        if (pendingParts != null) pendingParts.close();
        big = null;
        pendingParts = null;
        pending = null;
    }
}

package io.redraft.server.shard;

import io.redraft.store.Bytes;
import io.redraft.store.HashSlot;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of big keys received by an importing group and not yet whole (issue #16). A part is
 * an IMPORT_KEYS entry; the bytes gather here, outside the keyspace, so no client sees the key
 * until its last part applies, and a migration cut short leaves only this, never a partial key,
 * at the target: the source's copy, still locked there, stays the only one. Replicated state: it
 * changes only at apply and travels in snapshots, so every node of the group holds the same parts.
 */
public final class ImportParts {
    private record Staged(long sessionKey, long term, long expiry, long total, ByteArrayOutputStream bytes) {}

    /** Sorted, so that a snapshot's bytes do not depend on hashing. */
    private final Map<Bytes, Staged> staged = new TreeMap<>();

    public boolean isEmpty() {
        return staged.isEmpty();
    }

    public void clear() {
        staged.clear();
    }

    /**
     * Adds one part ({@link KeyBatch#isPart}). A part at offset 0 starts the key over (a retried
     * MIGRATE); any other must continue exactly where the gathered bytes end, under the same
     * migration and source term. Parts say the payload's length either in each part or, when the
     * source makes the payload as it sends it, in the last part only ({@link ImportRequest#MORE}
     * in the others); the key is whole when a part's stated length is reached.
     *
     * @return the whole payload once the last part is in, else null
     */
    public byte[] add(KeyBatch part) throws ShardGroupError {
        Bytes key = Bytes.wrap(part.keys().get(0));
        byte[] bytes = part.dumps().get(0);
        Staged s = staged.get(key);
        if (part.offset() == 0) {
            s = new Staged(part.sessionKey(), part.term(), part.expiries().get(0), part.total(), new ByteArrayOutputStream());
            staged.put(key, s);
        } else if (s == null || s.sessionKey != part.sessionKey() || s.term != part.term()
                || (s.total != ImportRequest.MORE && s.total != part.total()) || s.bytes.size() != part.offset()) {
            throw new ShardGroupError("ERR import part out of order, restart the key");
        }
        long total = part.total();
        if (total != ImportRequest.MORE && s.bytes.size() + bytes.length > total) {
            throw new ShardGroupError("ERR invalid import part offset or length");
        }
        s.bytes.writeBytes(bytes);
        if (total == ImportRequest.MORE || s.bytes.size() < total) return null;
        staged.remove(key);
        return s.bytes.toByteArray();
    }

    /** Drops the parts of keys whose slot {@code importing} says this group no longer imports. */
    public void retain(java.util.function.IntPredicate importing) {
        staged.keySet().removeIf(k -> !importing.test(HashSlot.of(k.array())));
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(staged.size());
        for (var e : staged.entrySet()) {
            Staged s = e.getValue();
            out.writeInt(e.getKey().array().length);
            out.write(e.getKey().array());
            out.writeLong(s.sessionKey);
            out.writeLong(s.term);
            out.writeLong(s.expiry);
            out.writeLong(s.total);
            out.writeInt(s.bytes.size());
            s.bytes.writeTo(out);
        }
    }

    public void read(DataInputStream in) throws IOException {
        staged.clear();
        for (int n = in.readInt(); n > 0; n--) {
            Bytes key = Bytes.wrap(in.readNBytes(in.readInt()));
            long session = in.readLong();
            long term = in.readLong();
            long expiry = in.readLong();
            long total = in.readLong();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(in.readNBytes(in.readInt()));
            staged.put(key, new Staged(session, term, expiry, total, bytes));
        }
    }
}

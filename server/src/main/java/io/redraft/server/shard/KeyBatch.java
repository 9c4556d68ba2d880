package io.redraft.server.shard;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of a migration entry (LOCK_KEYS, DELETE_UNLOCK_KEYS, IMPORT_KEYS): the leader's clock
 * when it was proposed (so that every replica deletes and restores at the same time), the source's
 * term and migration session key (IMPORT_KEYS only), and the keys with, for an import, each key's
 * DUMP payload and absolute expiry in ms (0 = none). Binary and length-prefixed: keys are any bytes.
 * An import of one part of a big key ends with the part's offset and the payload's total length
 * (absent for whole keys, so entries written before parts existed decode unchanged).
 */
public record KeyBatch(long nowMillis, long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps, List<Long> expiries,
                       long offset, long total) {
    public KeyBatch(long nowMillis, long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps, List<Long> expiries) {
        this(nowMillis, term, sessionKey, keys, dumps, expiries, 0, ImportRequest.WHOLE);
    }

    public boolean isPart() {
        return total != ImportRequest.WHOLE;
    }

    public KeyBatch {
        keys = List.copyOf(keys);
        dumps = List.copyOf(dumps);
        expiries = List.copyOf(expiries);
        if (!dumps.isEmpty() && (dumps.size() != keys.size() || expiries.size() != keys.size())) {
            throw new IllegalArgumentException("one dump and one expiry per key");
        }
    }

    /**
     * The term a DELETE_UNLOCK_KEYS entry carries when the keys are to be unlocked and kept: the
     * target refused the import for good, so the source's copy stays the only one.
     */
    public static final long KEEP = -1;

    /** Unlock without deleting ({@link #KEEP}). */
    public static KeyBatch unlockOnly(long nowMillis, List<byte[]> keys) {
        return new KeyBatch(nowMillis, KEEP, 0, keys, List.of(), List.of());
    }

    /** Keys only (a lock or a delete). */
    public static KeyBatch keysOnly(long nowMillis, List<byte[]> keys) {
        return new KeyBatch(nowMillis, 0, 0, keys, List.of(), List.of());
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(nowMillis);
            out.writeLong(term);
            out.writeLong(sessionKey);
            out.writeInt(keys.size());
            out.writeBoolean(!dumps.isEmpty());
            for (int i = 0; i < keys.size(); i++) {
                write(out, keys.get(i));
                if (!dumps.isEmpty()) {
                    write(out, dumps.get(i));
                    out.writeLong(expiries.get(i));
                }
            }
            if (isPart()) {
                out.writeLong(offset);
                out.writeLong(total);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #encode}'s form; damage is an {@link IllegalArgumentException}. */
    public static KeyBatch decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            long now = in.readLong();
            long term = in.readLong();
            long session = in.readLong();
            int n = in.readInt();
            boolean withDumps = in.readBoolean();
            if (n < 0 || n > data.length) throw new IllegalArgumentException("key batch: bad count " + n);
            List<byte[]> keys = new ArrayList<>(n);
            List<byte[]> dumps = new ArrayList<>();
            List<Long> expiries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(read(in, data.length));
                if (withDumps) {
                    dumps.add(read(in, data.length));
                    expiries.add(in.readLong());
                }
            }
            long offset = 0;
            long total = ImportRequest.WHOLE;
            if (in.available() == 16 && withDumps && n == 1) {
                offset = in.readLong();
                total = in.readLong();
            }
            if (in.available() != 0) throw new IllegalArgumentException("key batch: trailing data");
            return new KeyBatch(now, term, session, keys, dumps, expiries, offset, total);
        } catch (IOException e) {
            throw new IllegalArgumentException("key batch: truncated", e);
        }
    }

    private static void write(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] read(DataInputStream in, int limit) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > limit) throw new IOException("bad length " + len);
        byte[] b = in.readNBytes(len);
        if (b.length != len) throw new IOException("truncated");
        return b;
    }
}

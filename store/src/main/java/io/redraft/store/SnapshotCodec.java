package io.redraft.store;

import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The keyspace's snapshot format (ours, not RDB): magic, key count, then per key in slot order
 * its bytes, type, absolute expiry and content, then a CRC32C of everything before it.
 * Collections keep their internal order, so a restored replica replies and picks randomly
 * exactly as the one that wrote it. Expired-but-unswept keys are kept: they are state.
 */
public final class SnapshotCodec {
    private static final byte[] MAGIC = "RDRFTKS1".getBytes(StandardCharsets.US_ASCII);

    private SnapshotCodec() {
    }

    public static void write(Keyspace ks, OutputStream os) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(os, 1 << 16), new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        out.write(MAGIC);
        out.writeLong(ks.size());
        IOException[] failure = new IOException[1];
        ks.forEachEntry((key, value) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                out.writeInt(key.length());
                out.write(key.array());
                out.writeByte(value.type().ordinal());
                out.writeLong(value.expireAt());
                value.writeTo(out);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
    }

    /**
     * Replaces the keyspace's content with the snapshot's; fails without partial state on
     * corruption. The checksum is checked at the end, so a corrupt length field can still ask
     * for a large allocation first: the storage layer checksums snapshot files as a whole too.
     */
    public static void read(Keyspace ks, InputStream is) throws IOException {
        try {
            readChecked(ks, is);
        } catch (RuntimeException e) {
            throw new IOException("corrupt keyspace snapshot", e);
        }
    }

    private static void readChecked(Keyspace ks, InputStream is) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(is, 1 << 16), new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a keyspace snapshot");
        }
        Keyspace fresh = new Keyspace();
        long n = in.readLong();
        for (long i = 0; i < n; i++) {
            byte[] key = new byte[in.readInt()];
            in.readFully(key);
            ValueType type = ValueType.values()[in.readUnsignedByte()];
            long expireAt = in.readLong();
            RedisObject v = switch (type) {
                case STRING -> StringValue.readFrom(in);
                case HASH -> HashValue.readFrom(in);
                case LIST -> ListValue.readFrom(in);
                case SET -> SetValue.readFrom(in);
                case ZSET -> ZSetValue.readFrom(in);
                case STREAM -> io.redraft.store.stream.StreamValue.readFrom(in);
            };
            fresh.put(Bytes.wrap(key), v);
            if (expireAt != RedisObject.NO_EXPIRE) {
                fresh.setExpire(Bytes.wrap(key), v, expireAt);
            }
        }
        long expected = checked.getChecksum().getValue();
        long stored = in.readLong();
        if (stored != expected) {
            throw new IOException("keyspace snapshot checksum mismatch");
        }
        ks.replaceWith(fresh);
    }
}

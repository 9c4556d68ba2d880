package io.redraft.store.rdb;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a keyspace as a Redis 7.0 RDB file (version 10) that stock redis-server and
 * redis-check-rdb load: info AUX fields, the Raft metadata as AUX fields, database 0 with its
 * sizes, every key (expired-but-unswept ones too, as Redis's SAVE) with its absolute expiry,
 * then EOF and the CRC-64.
 *
 * <p>Values use the plain forms every Redis since 2.x loads and 7.0 still does (string, list,
 * set, hash, and ZSET_2 with binary scores); Redis picks its compact encodings again on load.
 * Collections are written in our internal order, so a restored replica iterates (and picks at
 * random) exactly like the one that wrote the file.
 *
 * <p>The writer reads the keyspace it is given as it goes: the caller must ensure nothing
 * mutates it meanwhile (see docs/rdb.md for the copy-on-write view a background save needs).
 */
public final class RdbWriter {
    /** What we write as {@code redis-ver}: the Redis release whose format we follow. */
    public static final String REDIS_VERSION = "7.0.15";

    private RdbWriter() {
    }

    /**
     * Writes {@code ks} and {@code raft} (null for none) to {@code out}, which is flushed but not
     * closed. {@code ctimeMillis} is the save time recorded in {@code ctime} (injected: the store
     * has no clock). Returns the number of bytes written.
     */
    public static long write(Keyspace ks, RaftMetadata raft, long ctimeMillis, OutputStream out) throws IOException {
        return write(ks, raft, RdbExtras.NONE, ctimeMillis, out);
    }

    /**
     * As {@link #write(Keyspace, RaftMetadata, long, OutputStream)}, with the extensions' AUX fields
     * after ours and their function libraries between the AUX fields and the keyspace, where Redis
     * 7.0 writes its own.
     */
    public static long write(Keyspace ks, RaftMetadata raft, RdbExtras extras, long ctimeMillis, OutputStream out)
            throws IOException {
        RdbOutput o = new RdbOutput(out, true);
        o.write(String.format("REDIS%04d", Rdb.VERSION).getBytes(StandardCharsets.US_ASCII));
        aux(o, "redis-ver", REDIS_VERSION);
        aux(o, "redis-bits", "64");
        aux(o, "ctime", Long.toString(Math.floorDiv(ctimeMillis, 1000)));
        aux(o, "used-mem", "0"); // unknown to a Java heap; Redis only prints it
        aux(o, "aof-base", "0");
        if (raft != null) {
            for (Map.Entry<String, byte[]> e : raft.toAux().entrySet()) {
                o.writeByte(Rdb.OPCODE_AUX);
                o.writeString(e.getKey().getBytes(StandardCharsets.US_ASCII));
                o.writeString(e.getValue());
            }
        }
        for (Map.Entry<String, byte[]> e : extras.aux().entrySet()) {
            o.writeByte(Rdb.OPCODE_AUX);
            o.writeString(e.getKey().getBytes(StandardCharsets.US_ASCII));
            o.writeString(e.getValue());
        }
        for (byte[] code : extras.functions()) {
            o.writeByte(Rdb.OPCODE_FUNCTION2);
            o.writeString(code);
        }
        if (ks.size() > 0) { // Redis skips empty databases
            o.writeByte(Rdb.OPCODE_SELECTDB);
            o.writeLength(0);
            o.writeByte(Rdb.OPCODE_RESIZEDB);
            o.writeLength(ks.size());
            o.writeLength(ks.volatileKeys());
            try {
                ks.forEachEntry((key, value) -> {
                    try {
                        writeEntry(o, key, value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        o.writeByte(Rdb.OPCODE_EOF);
        o.writeTrailer(o.crc());
        out.flush();
        return o.bytesWritten();
    }

    /** As {@link #write(Keyspace, RaftMetadata, long, OutputStream)} onto a channel (not closed). */
    public static long write(Keyspace ks, RaftMetadata raft, long ctimeMillis, WritableByteChannel ch)
            throws IOException {
        OutputStream os = Channels.newOutputStream(ch);
        return write(ks, raft, RdbExtras.NONE, ctimeMillis, new OutputStream() { // do not let the caller's channel close
            @Override
            public void write(int b) throws IOException {
                os.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                os.write(b, off, len);
            }
        });
    }

    private static void aux(RdbOutput o, String key, String value) throws IOException {
        o.writeByte(Rdb.OPCODE_AUX);
        o.writeString(key.getBytes(StandardCharsets.US_ASCII));
        o.writeString(value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One value as a DUMP payload carries it: its type byte and its body, without key or expiry,
     * the bytes {@link #write} puts around the key. {@code out} gets them as they are made (the
     * dump package streams a big value to another group in parts), and is flushed, not closed.
     */
    public static void writeValue(RedisObject value, OutputStream out) throws IOException {
        RdbOutput o = new RdbOutput(out);
        writeTyped(o, null, value);
        o.flush();
    }

    private static void writeEntry(RdbOutput o, Bytes key, RedisObject value) throws IOException {
        if (value.expireAt() != RedisObject.NO_EXPIRE) {
            o.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
            o.writeLongLE(value.expireAt());
        }
        writeTyped(o, key, value);
    }

    /** The type byte, the key unless null, the value. */
    private static void writeTyped(RdbOutput o, Bytes key, RedisObject value) throws IOException {
        switch (value) {
            case StringValue s -> {
                o.writeByte(Rdb.TYPE_STRING);
                writeKey(o, key);
                o.writeString(s.bytes());
            }
            case ListValue l -> {
                o.writeByte(Rdb.TYPE_LIST);
                writeKey(o, key);
                o.writeLength(l.size());
                for (int i = 0; i < l.size(); i++) {
                    o.writeString(l.get(i));
                }
            }
            case SetValue s -> {
                o.writeByte(Rdb.TYPE_SET);
                writeKey(o, key);
                o.writeLength(s.size());
                for (Bytes m : s.members()) {
                    o.writeString(m.array());
                }
            }
            case HashValue h -> {
                o.writeByte(Rdb.TYPE_HASH);
                writeKey(o, key);
                o.writeLength(h.size());
                for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                    o.writeString(e.getKey().array());
                    o.writeString(e.getValue());
                }
            }
            case ZSetValue z -> {
                o.writeByte(Rdb.TYPE_ZSET_2);
                writeKey(o, key);
                o.writeLength(z.size());
                IOException[] failure = new IOException[1];
                z.forEachInOrder((m, score) -> {
                    if (failure[0] == null) {
                        try {
                            o.writeString(m.array());
                            o.writeDouble(score);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            case io.redraft.store.stream.StreamValue st -> {
                o.writeByte(Rdb.TYPE_STREAM_LISTPACKS_2);
                writeKey(o, key);
                StreamRdb.write(o, st);
            }
            default -> throw new IllegalStateException("no RDB form for " + value.type());
        }
    }

    private static void writeKey(RdbOutput o, Bytes key) throws IOException {
        if (key != null) {
            o.writeString(key.array());
        }
    }
}

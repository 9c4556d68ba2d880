package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Byte layout of log and index files (documented in docs/storage.md). All integers big-endian.
 *
 * <pre>
 * log header   magic "RDRFTLOG" | u32 version | dbid[32] | u32 node id | u64 prev index | u64 prev term | u32 crc32c
 * log record   u32 body length | u32 crc32c(body) | u32 crc32c(the 8 bytes before) | body: u64 index | u64 term | u8 type | data
 * index header magic "RDRFTIDX" | u32 version | dbid[32] | u64 prev index | u32 crc32c, then u64 offset per entry
 * </pre>
 */
final class RecordCodec {
    static final int VERSION = 1;
    static final int DBID_LENGTH = 32;
    static final byte[] LOG_MAGIC = "RDRFTLOG".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INDEX_MAGIC = "RDRFTIDX".getBytes(StandardCharsets.US_ASCII);
    static final int LOG_HEADER_SIZE = 8 + 4 + DBID_LENGTH + 4 + 8 + 8 + 4;
    static final int INDEX_HEADER_SIZE = 8 + 4 + DBID_LENGTH + 8 + 4;
    /**
     * Length, body CRC and prefix CRC in front of every body. The prefix has its own CRC so that a
     * damaged length is recognised as damage instead of sending the scan past the end of the file,
     * where it would look like a torn tail and silently cut off good records.
     */
    static final int RECORD_PREFIX = 12;
    /** index, term, type. */
    static final int BODY_FIXED = 8 + 8 + 1;
    /** Prefix and the fixed part of the body: what precedes an entry's data. */
    static final int HEAD = RECORD_PREFIX + BODY_FIXED;
    /**
     * A record body may not claim more than this; a larger length is damage, not data. It is the
     * most a record can hold and still be read into one Java array, and {@link DurableLog} refuses
     * to write more, so every record written can be read back. (It was once 512 MB, less than a
     * SET of a 512 MB value needs with its command around it: such an entry was written, then
     * taken for damage when read.)
     */
    static final int MAX_BODY = Integer.MAX_VALUE - 8 - RECORD_PREFIX;
    /** Largest entry data a record can hold. */
    static final int MAX_DATA = MAX_BODY - BODY_FIXED;

    private RecordCodec() {}

    static int recordSize(Entry e) {
        return RECORD_PREFIX + BODY_FIXED + e.data().length;
    }

    static void encode(Entry e, ByteBuffer out) {
        int start = out.position();
        int bodyLength = BODY_FIXED + e.data().length;
        out.putInt(bodyLength).putInt(0).putInt(0)
                .putLong(e.index()).putLong(e.term()).put((byte) e.type().code()).put(e.data());
        out.putInt(start + 4, crc(out, start + RECORD_PREFIX, bodyLength));
        out.putInt(start + 8, crc(out, start, 8));
    }

    /**
     * The record's prefix and fixed body part, with the CRCs covering {@code e.data()}: written
     * before the data itself, which so is not copied into a buffer first.
     */
    static ByteBuffer encodeHead(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(HEAD);
        b.putInt(BODY_FIXED + e.data().length).putInt(0).putInt(0)
                .putLong(e.index()).putLong(e.term()).put((byte) e.type().code());
        CRC32C body = new CRC32C();
        body.update(b.slice(RECORD_PREFIX, BODY_FIXED));
        body.update(e.data());
        b.putInt(4, (int) body.getValue());
        b.putInt(8, crc(b, 0, 8));
        return b.flip();
    }

    /** Whether {@code head} (as {@link #encodeHead} lays it out) and {@code data} form an intact record. */
    static boolean headAndDataValid(ByteBuffer head, byte[] data) {
        if (head.remaining() != HEAD || !prefixValid(head, 0) || head.getInt(0) != BODY_FIXED + data.length) return false;
        CRC32C body = new CRC32C();
        body.update(head.slice(RECORD_PREFIX, BODY_FIXED));
        body.update(data);
        return (int) body.getValue() == head.getInt(4);
    }

    /** Decodes a record from its checked head and data; the entry takes {@code data} over. */
    static Entry decode(ByteBuffer head, byte[] data) {
        return new Entry(head.getLong(RECORD_PREFIX), head.getLong(RECORD_PREFIX + 8),
                EntryType.fromCode(head.get(RECORD_PREFIX + 16)), data);
    }

    /** Whether the record prefix at {@code start} checks out; its length is trustworthy only then. */
    static boolean prefixValid(ByteBuffer buf, int start) {
        int length = buf.getInt(start);
        return crc(buf, start, 8) == buf.getInt(start + 8) && length >= BODY_FIXED && length <= MAX_BODY;
    }

    static boolean bodyValid(ByteBuffer buf, int start) {
        return crc(buf, start + RECORD_PREFIX, buf.getInt(start)) == buf.getInt(start + 4);
    }

    /** Decodes a whole record (prefix included) that has already passed its CRC check. */
    static Entry decodeBody(ByteBuffer record) {
        int bodyLength = record.getInt(0);
        long index = record.getLong(RECORD_PREFIX);
        long term = record.getLong(RECORD_PREFIX + 8);
        EntryType type = EntryType.fromCode(record.get(RECORD_PREFIX + 16));
        byte[] data = new byte[bodyLength - BODY_FIXED];
        record.get(RECORD_PREFIX + BODY_FIXED, data);
        return new Entry(index, term, type, data);
    }

    static boolean isValidType(byte code) {
        return EntryType.isKnown(code);
    }

    static ByteBuffer encodeLogHeader(LogHeader h) {
        ByteBuffer b = ByteBuffer.allocate(LOG_HEADER_SIZE);
        b.put(LOG_MAGIC).putInt(VERSION).put(h.dbid().getBytes(StandardCharsets.US_ASCII))
                .putInt(h.nodeId()).putLong(h.prevIndex()).putLong(h.prevTerm());
        b.putInt(crc(b, 0, LOG_HEADER_SIZE - 4));
        return b.flip();
    }

    /** Returns the header, or null with {@code problem[0]} set when it does not check out. */
    static LogHeader decodeLogHeader(ByteBuffer b, String[] problem) {
        if (b.remaining() < LOG_HEADER_SIZE) return fail(problem, "file is shorter than the log header");
        if (!b.slice(0, 8).equals(ByteBuffer.wrap(LOG_MAGIC))) return fail(problem, "not a Redraft log (bad magic)");
        int version = b.getInt(8);
        if (version != VERSION) return fail(problem, "unsupported log format version " + version);
        if (crc(b, 0, LOG_HEADER_SIZE - 4) != b.getInt(LOG_HEADER_SIZE - 4)) return fail(problem, "log header CRC mismatch");
        return new LogHeader(ascii(b, 12, DBID_LENGTH), b.getInt(44), b.getLong(48), b.getLong(56));
    }

    static ByteBuffer encodeIndexHeader(String dbid, long prevIndex) {
        ByteBuffer b = ByteBuffer.allocate(INDEX_HEADER_SIZE);
        b.put(INDEX_MAGIC).putInt(VERSION).put(dbid.getBytes(StandardCharsets.US_ASCII)).putLong(prevIndex);
        b.putInt(crc(b, 0, INDEX_HEADER_SIZE - 4));
        return b.flip();
    }

    /** Returns the index file's prev index, or -1 if the header is unusable. */
    static long decodeIndexHeader(ByteBuffer b, String dbid) {
        if (b.remaining() < INDEX_HEADER_SIZE) return -1;
        if (!b.slice(0, 8).equals(ByteBuffer.wrap(INDEX_MAGIC)) || b.getInt(8) != VERSION) return -1;
        if (crc(b, 0, INDEX_HEADER_SIZE - 4) != b.getInt(INDEX_HEADER_SIZE - 4)) return -1;
        if (!ascii(b, 12, DBID_LENGTH).equals(dbid)) return -1;
        return b.getLong(44);
    }

    static int crc(ByteBuffer b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b.slice(from, length));
        return (int) crc.getValue();
    }

    private static String ascii(ByteBuffer b, int from, int length) {
        byte[] bytes = new byte[length];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static <T> T fail(String[] problem, String why) {
        problem[0] = why;
        return null;
    }
}

package io.redraft.server.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One page of a RedisRaft log ({@code <log>} or the second page {@code <log>.1}), parsed as
 * RedisRaft's {@code log.c} writes it (docs/redisraft-import.md, "The log"):
 *
 * <pre>
 * *7 $RAFTLOG $1 $dbid $node-id $prev-term $prev-index $crc        (header)
 * *7 $ENTRY $term $id $session $type $data $crc                     (each entry)
 * </pre>
 *
 * every element a bulk string ({@code $<len>\r\n<bytes>\r\n}), numbers in decimal. The CRC is
 * CRC32C (RedisRaft's {@code sc_crc32}), and it runs: the header's covers the header without its
 * CRC element, each entry's continues from the previous one over the entry without its CRC
 * element. Like RedisRaft on load, an entry the file ends inside is a torn write and dropped
 * (the caller logs it); unlike RedisRaft, damage followed by more data is refused rather than
 * silently truncated, since it may hold committed entries.
 *
 * @param tornOffset offset of a dropped torn tail, -1 if none
 * @param tornReason why the tail was dropped
 */
record RedisRaftLog(Path file, String dbid, int nodeId, long prevTerm, long prevIndex, List<RawEntry> entries,
                    long tornOffset, String tornReason) {

    /** One entry as RedisRaft stored it; {@code index} is its position (prev index + ordinal). */
    record RawEntry(long index, long term, int id, long session, int type, byte[] data, long offset) {}

    static final int VERSION = 1;
    static final int DBID_LEN = 32;

    long lastIndex() {
        return prevIndex + entries.size();
    }

    /**
     * True when the file begins like a RedisRaft log of any version ({@code *<n>\r\n$7\r\nRAFTLOG}),
     * and so is not one of Redraft's; versions this importer does not read are then refused by
     * {@link #parse} with a clear message rather than taken for a damaged Redraft log.
     */
    static boolean looksLikeRedisRaftLog(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return false;
        byte[] head = new byte[20];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.matches("(?s)\\*[0-9]{1,2}\r\n\\$7\r\nRAFTLOG\r\n.*");
    }

    static RedisRaftLog read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    static RedisRaftLog parse(Path file, byte[] bytes) throws ImportException {
        RespText t = new RespText(file, bytes);
        CRC32C crc = new CRC32C();
        String dbid;
        int nodeId;
        long prevTerm;
        long prevIndex;
        try {
            long n = t.length('*');
            if (n != 7) {
                throw t.bad(0, "a RedisRaft log header of " + n + " elements: not the log format this importer reads"
                        + " (7 elements, with CRCs, RedisRaft 1.x from 2022 on)");
            }
            t.expectBulk("RAFTLOG", "log magic");
            long version = t.bulkLong("log version");
            if (version != VERSION) throw t.bad(0, "unsupported RedisRaft log version " + version + " (only " + VERSION + ")");
            dbid = t.bulkString("dbid");
            if (dbid.length() != DBID_LEN) throw t.bad(0, "dbid '" + dbid + "' is not " + DBID_LEN + " characters");
            nodeId = nodeId(t, t.bulkLong("node id"));
            prevTerm = nonNegative(t, t.bulkLong("prev log term"), "prev log term");
            prevIndex = nonNegative(t, t.bulkLong("prev log index"), "prev log index");
            int covered = t.pos;
            long stored = t.bulkLong("header CRC");
            crc.update(bytes, 0, covered);
            if (stored != crc.getValue()) {
                throw t.bad(covered, String.format("log header CRC mismatch: stored %d, computed %d", stored, crc.getValue()));
            }
        } catch (RespText.Truncated e) {
            throw t.bad(0, "the log header is incomplete (the file has " + bytes.length + " bytes)");
        }

        List<RawEntry> entries = new ArrayList<>();
        long tornOffset = -1;
        String tornReason = null;
        while (!t.atEnd()) {
            int start = t.pos;
            long index = prevIndex + entries.size() + 1;
            RawEntry e;
            long stored;
            int covered;
            try {
                long n = t.length('*');
                if (n != 7) throw t.bad(start, "entry " + index + ": an array of " + n + " elements, expected 7");
                t.expectBulk("ENTRY", "entry tag");
                long term = nonNegative(t, t.bulkLong("entry term"), "entry term");
                long id = t.bulkLong("entry id");
                if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw t.bad(start, "entry " + index + ": id out of range");
                long session = t.bulkUnsigned("entry session");
                long type = t.bulkLong("entry type");
                if (type < 0 || type > Integer.MAX_VALUE) throw t.bad(start, "entry " + index + ": bad type " + type);
                byte[] data = t.bulk("entry data");
                covered = t.pos;
                stored = t.bulkLong("entry CRC");
                e = new RawEntry(index, term, (int) id, session, (int) type, data, start);
            } catch (RespText.Truncated torn) {
                tornOffset = start;
                tornReason = "the file ends inside entry " + index;
                break;
            } catch (ImportException bad) {
                if (allZero(bytes, start)) {
                    tornOffset = start;
                    tornReason = "zeros from entry " + index + " to the end of the file";
                    break;
                }
                throw bad;
            }
            crc.update(bytes, start, covered - start);
            if (stored != crc.getValue()) {
                if (t.atEnd()) { // the last thing in the file: as RedisRaft, a torn write
                    tornOffset = start;
                    tornReason = "CRC mismatch in entry " + index + ", the last in the file";
                    break;
                }
                throw t.bad(start, String.format("CRC mismatch in entry %d (stored %d, computed %d) with %d more bytes after it",
                        index, stored, crc.getValue(), bytes.length - t.pos));
            }
            if (!entries.isEmpty() && e.term() < entries.getLast().term()) {
                throw t.bad(start, "entry " + index + " has term " + e.term() + ", lower than the term "
                        + entries.getLast().term() + " before it");
            }
            entries.add(e);
        }
        return new RedisRaftLog(file, dbid, nodeId, prevTerm, prevIndex, List.copyOf(entries), tornOffset, tornReason);
    }

    private static int nodeId(RespText t, long id) throws ImportException {
        if (id <= 0 || id > Integer.MAX_VALUE) throw t.bad(0, "invalid node id " + id);
        return (int) id;
    }

    private static long nonNegative(RespText t, long v, String what) throws ImportException {
        if (v < 0) throw t.bad(t.pos, what + " is negative: " + v);
        return v;
    }

    private static boolean allZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] != 0) return false;
        return true;
    }
}

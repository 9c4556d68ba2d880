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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an RDB file (versions 1 to 11: ours, or one saved by stock Redis up to 7.2) into a fresh
 * {@link Keyspace}. Reads every value type Redis has written for strings, lists, sets, sorted
 * sets and hashes (plain, ziplist, listpack, intset and quicklist forms, integer and LZF
 * strings), skips what Redraft cannot hold but a stock dump may carry (module AUX data, LRU/LFU
 * hints, functions), and refuses the rest (streams, module values, databases other than 0)
 * naming the key. The CRC-64 trailer is verified; every failure says the file, the byte offset
 * and what is wrong.
 */
public final class RdbReader {
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final RdbInput in;
    private final Keyspace ks = new Keyspace();
    private final Map<String, byte[]> aux = new LinkedHashMap<>();

    private RdbReader(RdbInput in) {
        this.in = in;
    }

    /** Reads a file; the whole-file CRC is checked first, so damage anywhere is named as such. */
    public static RdbContents read(Path file) throws IOException {
        String name = file.toString();
        String crcProblem = precheckCrc(file);
        try (InputStream is = Files.newInputStream(file)) {
            return read(is, name);
        } catch (RdbFormatException e) {
            if (crcProblem != null && !e.getMessage().contains("CRC64")) {
                throw new RdbFormatException(name, e.offset(), stripPrefix(e, name) + "; also " + crcProblem, e);
            }
            throw e;
        }
    }

    /** Reads an RDB stream ({@code source} names it in errors); does not close {@code is}. */
    public static RdbContents read(InputStream is, String source) throws IOException {
        RdbReader r = new RdbReader(new RdbInput(is, source));
        try {
            return r.load();
        } catch (RdbFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RdbFormatException(source, r.in.offset(), "malformed data: " + e.getMessage(), e);
        }
    }

    private static String stripPrefix(RdbFormatException e, String name) {
        String prefix = name + ": at offset " + e.offset() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** Null if the trailer matches (or is 0: saved with rdbchecksum no), else the mismatch text. */
    private static String precheckCrc(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 9 + 1 + 8) {
            return null; // too short to hold a trailer: the parser will say what is missing
        }
        Crc64 crc = new Crc64();
        byte[] trailer = new byte[8];
        try (InputStream is = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = size - 8;
            while (left > 0) {
                int n = is.read(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) {
                    return null;
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            if (is.readNBytes(trailer, 0, 8) != 8) {
                return null;
            }
        }
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (trailer[i] & 0xFFL) << (8 * i);
        }
        if (stored == 0 || stored == crc.value()) {
            return null;
        }
        return String.format("the file's CRC64 does not match (trailer 0x%016x, computed 0x%016x): the file is corrupt",
                stored, crc.value());
    }

    private RdbContents load() throws IOException {
        byte[] header = new byte[9];
        in.readFully(header, 0, 9, "the RDB header");
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                throw in.error(0, "not an RDB file (no REDIS magic)");
            }
        }
        int version;
        try {
            version = Integer.parseInt(new String(header, 5, 4, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw in.error(5, "bad RDB version field");
        }
        if (version < 1 || version > Rdb.MAX_READ_VERSION) {
            throw in.error(5, "RDB version " + version + " is not supported (we read 1 to " + Rdb.MAX_READ_VERSION + ")");
        }
        long expireAt = RedisObject.NO_EXPIRE;
        while (true) {
            long at = in.offset();
            int type = in.readByte("an opcode");
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME_MS -> {
                    expireAt = in.readLongLE("an expiry");
                    continue;
                }
                case Rdb.OPCODE_EXPIRETIME -> {
                    expireAt = (in.readIntLE("an expiry") & 0xFFFFFFFFL) * 1000;
                    continue;
                }
                case Rdb.OPCODE_FREQ -> {
                    in.readByte("an LFU frequency");
                    continue;
                }
                case Rdb.OPCODE_IDLE -> {
                    in.readLength("an LRU idle time");
                    continue;
                }
                case Rdb.OPCODE_EOF -> {
                    verifyChecksum(version);
                    RaftMetadata raft;
                    try {
                        raft = RaftMetadata.fromAux(aux);
                    } catch (RuntimeException e) {
                        throw in.error("bad Redraft AUX metadata: " + e.getMessage());
                    }
                    return new RdbContents(ks, raft, Collections.unmodifiableMap(aux), version);
                }
                case Rdb.OPCODE_SELECTDB -> {
                    long db = in.readLength("a database number");
                    if (db != 0) {
                        throw in.error(at, "the file has keys in database " + db + "; Redraft has only database 0");
                    }
                }
                case Rdb.OPCODE_RESIZEDB -> {
                    in.readLength("a database size");
                    in.readLength("an expires size");
                }
                case Rdb.OPCODE_AUX -> {
                    String key = new String(in.readString("an AUX field name"), StandardCharsets.UTF_8);
                    aux.put(key, in.readString("AUX field " + key));
                }
                case Rdb.OPCODE_MODULE_AUX -> skipModuleAux(at);
                case Rdb.OPCODE_FUNCTION2 -> in.readString("a function library"); // Redraft has no functions
                case Rdb.OPCODE_FUNCTION_PRE_GA -> throw in.error(at, "pre-release (7.0 RC) function records are not supported");
                default -> readKey(at, type, expireAt);
            }
            expireAt = RedisObject.NO_EXPIRE;
        }
    }

    private void verifyChecksum(int version) throws IOException {
        if (version < 5) {
            return; // no trailer before RDB 5
        }
        long computed = in.crc();
        long at = in.offset();
        long stored = in.readLongLE("the CRC64 trailer");
        if (stored != 0 && stored != computed) { // 0: saved with rdbchecksum no
            throw in.error(at, String.format("CRC64 mismatch: trailer 0x%016x, computed 0x%016x (file corrupt)",
                    stored, computed));
        }
    }

    /** Module AUX data (e.g. RedisRaft's own): ids, then typed values until the EOF opcode. */
    private void skipModuleAux(long at) throws IOException {
        in.readLength("a module id");
        long whenOpcode = in.readLength("a module aux 'when' opcode");
        if (whenOpcode != Rdb.MODULE_OPCODE_UINT) {
            throw in.error(at, "bad module aux 'when' opcode " + whenOpcode);
        }
        in.readLength("a module aux 'when'");
        skipModuleValue(at);
    }

    private void skipModuleValue(long at) throws IOException {
        while (true) {
            long op = in.readLength("a module value opcode");
            if (op == Rdb.MODULE_OPCODE_EOF) {
                return;
            }
            if (op == Rdb.MODULE_OPCODE_SINT || op == Rdb.MODULE_OPCODE_UINT) {
                in.readLength("a module integer");
            } else if (op == Rdb.MODULE_OPCODE_FLOAT) {
                in.readBytes(4, "a module float");
            } else if (op == Rdb.MODULE_OPCODE_DOUBLE) {
                in.readBytes(8, "a module double");
            } else if (op == Rdb.MODULE_OPCODE_STRING) {
                in.readString("a module string");
            } else {
                throw in.error(at, "unknown module value opcode " + op);
            }
        }
    }

    private void readKey(long at, int type, long expireAt) throws IOException {
        if (Rdb.typeName(type).equals("unknown")) {
            throw in.error(at, "unknown value type or opcode " + type);
        }
        byte[] keyBytes = in.readString("a key");
        Bytes key = Bytes.wrap(keyBytes);
        long valueAt = in.offset();
        RedisObject v;
        try {
            v = readValue(type, "a value"); // the key is named only on error: this path is hot
        } catch (IllegalArgumentException e) {
            throw in.error(valueAt, e.getMessage() + " in the value of key '" + printable(keyBytes) + "'");
        } catch (RdbFormatException e) {
            String prefix = e.source() + ": at offset " + e.offset() + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new RdbFormatException(e.source(), e.offset(),
                    problem + " (in the " + Rdb.typeName(type) + " value of key '" + printable(keyBytes) + "')", e);
        }
        if (v == null) {
            return; // Redis drops empty collections on load too
        }
        if (ks.get(key, Long.MIN_VALUE) != null) {
            throw in.error(at, "duplicate key '" + printable(keyBytes) + "'");
        }
        ks.put(key, v);
        if (expireAt != RedisObject.NO_EXPIRE) {
            ks.setExpire(key, v, expireAt);
        }
    }

    private RedisObject readValue(int type, String what) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return new StringValue(in.readString(what));
            case Rdb.TYPE_LIST: {
                long n = in.readLength(what);
                ListValue l = new ListValue();
                for (long i = 0; i < n; i++) {
                    l.pushTail(in.readString(what));
                }
                return l.size() == 0 ? null : l;
            }
            case Rdb.TYPE_LIST_ZIPLIST:
                return list(Ziplist.decode(in.readString(what)), null);
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                long nodes = in.readLength(what);
                ListValue l = new ListValue();
                for (long i = 0; i < nodes; i++) {
                    long container = Rdb.QUICKLIST_NODE_PACKED;
                    if (type == Rdb.TYPE_LIST_QUICKLIST_2) {
                        container = in.readLength("a quicklist node container");
                    }
                    byte[] blob = in.readString(what);
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        l.pushTail(blob);
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        list(type == Rdb.TYPE_LIST_QUICKLIST ? Ziplist.decode(blob) : Listpack.decode(blob), l);
                    } else {
                        throw new IllegalArgumentException("unknown quicklist node container " + container);
                    }
                }
                return l.size() == 0 ? null : l;
            }
            case Rdb.TYPE_SET: {
                long n = in.readLength(what);
                SetValue s = new SetValue();
                for (long i = 0; i < n; i++) {
                    addMember(s, in.readString(what));
                }
                return s.size() == 0 ? null : s;
            }
            case Rdb.TYPE_SET_INTSET:
                return set(Intset.decode(in.readString(what)));
            case Rdb.TYPE_SET_LISTPACK:
                return set(Listpack.decode(in.readString(what)));
            case Rdb.TYPE_ZSET:
            case Rdb.TYPE_ZSET_2: {
                long n = in.readLength(what);
                List<byte[]> members = new java.util.ArrayList<>();
                List<Double> scores = new java.util.ArrayList<>();
                for (long i = 0; i < n; i++) {
                    members.add(in.readString(what));
                    scores.add(type == Rdb.TYPE_ZSET_2 ? in.readBinaryDouble(what) : in.readTextDouble(what));
                }
                return zset(members, scores);
            }
            case Rdb.TYPE_ZSET_ZIPLIST:
                return zset(Ziplist.decode(in.readString(what)));
            case Rdb.TYPE_ZSET_LISTPACK:
                return zset(Listpack.decode(in.readString(what)));
            case Rdb.TYPE_HASH: {
                long n = in.readLength(what);
                HashValue h = new HashValue();
                for (long i = 0; i < n; i++) {
                    byte[] f = in.readString(what);
                    addField(h, f, in.readString(what));
                }
                return h.size() == 0 ? null : h;
            }
            case Rdb.TYPE_HASH_ZIPLIST:
                return hash(Ziplist.decode(in.readString(what)));
            case Rdb.TYPE_HASH_LISTPACK:
                return hash(Listpack.decode(in.readString(what)));
            default:
                throw new IllegalArgumentException("value type " + type + " (" + Rdb.typeName(type)
                        + ") is not supported by Redraft");
        }
    }

    private static ListValue list(List<byte[]> items, ListValue into) {
        ListValue l = into == null ? new ListValue() : into;
        for (byte[] item : items) {
            l.pushTail(item);
        }
        return into == null && l.size() == 0 ? null : l;
    }

    private static SetValue set(List<byte[]> members) {
        SetValue s = new SetValue();
        for (byte[] m : members) {
            addMember(s, m);
        }
        return s.size() == 0 ? null : s;
    }

    private static void addMember(SetValue s, byte[] m) {
        if (!s.add(Bytes.wrap(m))) {
            throw new IllegalArgumentException("duplicate set member '" + printable(m) + "'");
        }
    }

    private static ZSetValue zset(List<byte[]> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("odd number of sorted set listpack entries");
        }
        List<byte[]> members = new java.util.ArrayList<>();
        List<Double> scores = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            members.add(pairs.get(i));
            scores.add(parseScore(pairs.get(i + 1)));
        }
        return zset(members, scores);
    }

    /** Sized up front as Redis's load does, so a large zset keeps -0 scores a listpack would flatten. */
    private static ZSetValue zset(List<byte[]> members, List<Double> scores) {
        long maxLen = 0;
        for (byte[] m : members) {
            maxLen = Math.max(maxLen, m.length);
        }
        ZSetValue z = ZSetValue.create(members.size(), maxLen);
        for (int i = 0; i < members.size(); i++) {
            addScored(z, members.get(i), scores.get(i));
        }
        return z.size() == 0 ? null : z;
    }

    private static void addScored(ZSetValue z, byte[] m, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("NaN score for member '" + printable(m) + "'");
        }
        Bytes member = Bytes.wrap(m);
        if (z.score(member) != null) {
            throw new IllegalArgumentException("duplicate sorted set member '" + printable(m) + "'");
        }
        z.put(member, score);
    }

    /** A listpack/ziplist score: integer or %.17g text, with Redis's inf spellings. */
    private static double parseScore(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad score text '" + s + "'");
                }
        }
    }

    private static HashValue hash(List<byte[]> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hash listpack entries");
        }
        HashValue h = new HashValue();
        for (int i = 0; i < pairs.size(); i += 2) {
            addField(h, pairs.get(i), pairs.get(i + 1));
        }
        return h.size() == 0 ? null : h;
    }

    private static void addField(HashValue h, byte[] f, byte[] v) {
        if (!h.put(Bytes.wrap(f), v)) {
            throw new IllegalArgumentException("duplicate hash field '" + printable(f) + "'");
        }
    }

    /** A key or member for an error message: printable ASCII kept, the rest as \xNN, cut at 64. */
    static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length && i < 64; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (b.length > 64) {
            sb.append("...");
        }
        return sb.toString();
    }
}

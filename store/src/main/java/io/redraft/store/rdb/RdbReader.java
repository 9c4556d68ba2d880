package io.redraft.store.rdb;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads an RDB file (versions 1 to 11: ours, or one saved by stock Redis up to 7.2) into a fresh
 * {@link Keyspace}. Reads every value type Redis has written for strings, lists, sets, sorted
 * sets and hashes (plain, ziplist, listpack, intset and quicklist forms, integer and LZF
 * strings), collects the function libraries for the scripting extension, skips what Redraft
 * cannot hold but a stock dump may carry (module AUX data, LRU/LFU hints), and refuses the rest (streams, module values, databases other than 0)
 * naming the key. The CRC-64 trailer is verified; every failure says the file, the byte offset
 * and what is wrong.
 */
public final class RdbReader {
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final RdbInput in;
    private final Keyspace ks = new Keyspace();
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private final List<byte[]> functions = new ArrayList<>();
    private final Consumer<ModuleAux> moduleAux;

    private RdbReader(RdbInput in, Consumer<ModuleAux> moduleAux) {
        this.in = in;
        this.moduleAux = moduleAux;
    }

    /** Reads a file; the whole-file CRC is checked first, so damage anywhere is named as such. */
    public static RdbContents read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * As {@link #read(Path)}, also handing every module AUX record to {@code moduleAux} (null: skip
     * them), e.g. RedisRaft's metadata in a RedisRaft snapshot.
     */
    public static RdbContents read(Path file, Consumer<ModuleAux> moduleAux) throws IOException {
        String name = file.toString();
        String crcProblem = precheckCrc(file);
        try (InputStream is = Files.newInputStream(file)) {
            return read(is, name, moduleAux);
        } catch (RdbFormatException e) {
            if (crcProblem != null && !e.getMessage().contains("CRC64")) {
                throw new RdbFormatException(name, e.offset(), stripPrefix(e, name) + "; also " + crcProblem, e);
            }
            throw e;
        }
    }

    /** Reads an RDB stream ({@code source} names it in errors); does not close {@code is}. */
    public static RdbContents read(InputStream is, String source) throws IOException {
        return read(is, source, null);
    }

    private static RdbContents read(InputStream is, String source, Consumer<ModuleAux> moduleAux) throws IOException {
        RdbReader r = new RdbReader(new RdbInput(is, source), moduleAux);
        try {
            return r.load();
        } catch (RdbFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RdbFormatException(source, r.in.offset(), "malformed data: " + e.getMessage(), e);
        }
    }

    /**
     * One value in RDB serialization, as a DUMP payload's body carries it: the type byte, then the
     * value. Bytes after the value are not read (Redis's RESTORE ignores them too). Returns null
     * for an empty collection, which Redis refuses to restore.
     */
    public static RedisObject readValue(InputStream is, String source) throws IOException {
        RdbInput in = new RdbInput(is, source);
        try {
            int type = in.readByte("a value type");
            if (Rdb.typeName(type).equals("unknown")) {
                throw in.error(0, "unknown value type " + type);
            }
            return ValueDecoder.read(in, type, "the value");
        } catch (RdbFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RdbFormatException(source, in.offset(), "malformed data: " + e.getMessage(), e);
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
                    return new RdbContents(ks, raft, Collections.unmodifiableMap(aux), version, List.copyOf(functions));
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
                case Rdb.OPCODE_FUNCTION2 -> functions.add(in.readString("a function library"));
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
        long moduleId = in.readUnsignedLength("a module id");
        long whenOpcode = in.readLength("a module aux 'when' opcode");
        if (whenOpcode != Rdb.MODULE_OPCODE_UINT) {
            throw in.error(at, "bad module aux 'when' opcode " + whenOpcode);
        }
        long when = in.readLength("a module aux 'when'");
        List<Object> values = moduleAux == null ? null : new ArrayList<>();
        skipModuleValue(at, values);
        if (moduleAux != null) {
            moduleAux.accept(new ModuleAux(moduleId, when, values, at));
        }
    }

    /** Walks one module value to its EOF opcode; collects the values into {@code values} unless null. */
    private void skipModuleValue(long at, List<Object> values) throws IOException {
        while (true) {
            long op = in.readLength("a module value opcode");
            if (op == Rdb.MODULE_OPCODE_EOF) {
                return;
            }
            Object v;
            if (op == Rdb.MODULE_OPCODE_SINT || op == Rdb.MODULE_OPCODE_UINT) {
                v = in.readUnsignedLength("a module integer");
            } else if (op == Rdb.MODULE_OPCODE_FLOAT) {
                byte[] b = in.readBytes(4, "a module float");
                v = Float.intBitsToFloat((b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24);
            } else if (op == Rdb.MODULE_OPCODE_DOUBLE) {
                byte[] b = in.readBytes(8, "a module double");
                long bits = 0;
                for (int i = 7; i >= 0; i--) bits = bits << 8 | (b[i] & 0xff);
                v = Double.longBitsToDouble(bits);
            } else if (op == Rdb.MODULE_OPCODE_STRING) {
                v = in.readString("a module string");
            } else {
                throw in.error(at, "unknown module value opcode " + op);
            }
            if (values != null) values.add(v);
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
            v = ValueDecoder.read(in, type, "a value"); // the key is named only on error: this path is hot
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

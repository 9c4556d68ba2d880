package io.redraft.server.importer;

import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps RedisRaft log entries to Redraft's, keeping index and term. The entry type codes below
 * 100 are the Raft library's and mean the same in both (NORMAL 0, ADD_NONVOTING_NODE 1, ADD_NODE
 * 2, REMOVE_NODE 3, NO_OP 4); of RedisRaft's own types (100 + n) END_SESSION and TIMEOUT_BLOCKED
 * map to NO_OPs (they end a WATCH session and time out a blocked command, neither of which
 * Redraft carries over). Everything else (shard groups, key migration) is refused.
 */
final class RedisRaftEntries {
    /** RedisRaft's {@code RAFT_LOGTYPE_END_SESSION} ({@code RAFT_LOGTYPE_NUM + 7}). */
    static final int END_SESSION = 107;
    /**
     * {@code RAFT_LOGTYPE_TIMEOUT_BLOCKED} ({@code + 8}): times out a blocked command. The
     * conversion does not re-arm blocked commands (their clients are gone with the restart), so
     * their timeouts change nothing either.
     */
    static final int TIMEOUT_BLOCKED = 108;
    /**
     * {@code sizeof(RaftCfgChange)} on the LP64 platforms RedisRaft builds for: {@code int id}
     * (4), then {@code NodeAddr {uint16_t port; char host[256]}} (258), padded to 4: 264.
     */
    static final int CFG_CHANGE_SIZE = 264;
    private static final int HOST_LEN = 256;

    private final Path file;
    private final RedisRaftConversion.Encoder encoder;

    RedisRaftEntries(Path file, RedisRaftConversion.Encoder encoder) {
        this.file = file;
        this.encoder = encoder;
    }

    Entry map(RedisRaftLog.RawEntry e) throws ImportException {
        return switch (e.type()) {
            case 0 -> normal(e);
            case 1 -> config(e, EntryType.ADD_NONVOTING_NODE);
            case 2 -> config(e, EntryType.ADD_NODE);
            case 3 -> config(e, EntryType.REMOVE_NODE);
            case 4, END_SESSION, TIMEOUT_BLOCKED -> new Entry(e.index(), e.term(), EntryType.NO_OP, new byte[0]);
            default -> throw new ImportException(file, e.offset(), "entry " + e.index() + " has type " + e.type()
                    + " (" + typeName(e.type()) + "), which Redraft has no counterpart for");
        };
    }

    private Entry normal(RedisRaftLog.RawEntry e) throws ImportException {
        List<byte[][]> commands = commands(e);
        boolean tx = !commands.isEmpty() && new String(commands.get(0)[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase("MULTI");
        if (tx) commands = commands.subList(1, commands.size());
        return new Entry(e.index(), e.term(), EntryType.NORMAL, encoder.encode(e.index(), e.term(), commands, tx));
    }

    /**
     * RedisRaft's {@code RaftRedisCommandArraySerialize}: {@code *2\n*3\n:<asking>\n:<flags>\n
     * $<len>\n<acl>\n*<count>\n} then per command {@code *<argc>\n} and per argument
     * {@code $<len>\n<bytes>\n}. The ACL user, asking and flags have no Redraft counterpart.
     */
    List<byte[][]> commands(RedisRaftLog.RawEntry e) throws ImportException {
        Cursor c = new Cursor(e);
        if (c.integer('*') != 2) throw c.bad("expected *2 (metadata and commands)");
        if (c.integer('*') != 3) throw c.bad("expected *3 (asking, flags, acl)");
        c.integer(':');
        c.integer(':');
        c.string(true);
        long count = c.integer('*');
        if (count <= 0) throw c.bad("no commands");
        List<byte[][]> commands = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long argc = c.integer('*');
            if (argc <= 0 || argc > c.left()) throw c.bad("bad argument count " + argc);
            byte[][] argv = new byte[(int) argc][];
            for (int k = 0; k < argc; k++) argv[k] = c.string(false);
            commands.add(argv);
        }
        if (c.left() != 0) throw c.bad(c.left() + " unexpected bytes after the commands");
        return commands;
    }

    private Entry config(RedisRaftLog.RawEntry e, EntryType type) throws ImportException {
        byte[] d = e.data();
        if (d.length != CFG_CHANGE_SIZE) {
            throw new ImportException(file, e.offset(), "entry " + e.index() + " (" + type + ") has " + d.length
                    + " bytes of data, expected a " + CFG_CHANGE_SIZE + "-byte RaftCfgChange");
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        int id = b.getInt(0);
        int port = b.getShort(4) & 0xffff;
        int end = 6;
        while (end < 6 + HOST_LEN && d[end] != 0) end++;
        if (end == 6 + HOST_LEN) throw new ImportException(file, e.offset(), "entry " + e.index() + ": host is not NUL-terminated");
        String host = new String(d, 6, end - 6, StandardCharsets.UTF_8);
        if (id <= 0) throw new ImportException(file, e.offset(), "entry " + e.index() + " (" + type + "): invalid node id " + id);
        String address = host.isEmpty() && port == 0 ? "" : host + ":" + port;
        return new ConfChange(type, id, address).toEntry(e.index(), e.term());
    }

    static String typeName(int type) {
        return switch (type) {
            case 101 -> "ADD_SHARDGROUP";
            case 102 -> "UPDATE_SHARDGROUP";
            case 103 -> "REPLACE_SHARDGROUPS";
            case 104 -> "LOCK_KEYS";
            case 105 -> "DELETE_UNLOCK_KEYS";
            case 106 -> "IMPORT_KEYS";
            default -> "unknown";
        };
    }

    /** RedisRaft's {@code decodeInteger}/{@code decodeString}: {@code \n}-terminated, no sign. */
    private final class Cursor {
        private final RedisRaftLog.RawEntry e;
        private final byte[] d;
        private int pos;

        Cursor(RedisRaftLog.RawEntry e) {
            this.e = e;
            this.d = e.data();
        }

        int left() {
            return d.length - pos;
        }

        long integer(char prefix) throws ImportException {
            if (pos >= d.length || d[pos] != prefix) throw bad("expected '" + prefix + "'");
            int start = ++pos;
            while (pos < d.length && d[pos] != '\n') pos++;
            if (pos >= d.length) throw bad("unterminated number");
            Long v = RespText.parseDecimal(Arrays.copyOfRange(d, start, pos), false);
            if (v == null) throw bad("not a decimal number");
            pos++;
            return v;
        }

        /** {@code $<len>\n<bytes>\n}; {@code $-1\n} (a null ACL) read as empty when {@code nullable}. */
        byte[] string(boolean nullable) throws ImportException {
            if (nullable && pos + 4 <= d.length && d[pos] == '$' && d[pos + 1] == '-' && d[pos + 2] == '1' && d[pos + 3] == '\n') {
                pos += 4;
                return new byte[0];
            }
            long len = integer('$');
            if (len > left() - 1) throw bad("string of " + len + " bytes runs past the entry");
            byte[] s = Arrays.copyOfRange(d, pos, pos + (int) len);
            pos += (int) len;
            if (d[pos] != '\n') throw bad("string not followed by \\n");
            pos++;
            return s;
        }

        ImportException bad(String problem) {
            return new ImportException(file, e.offset(), "entry " + e.index() + ": not a RedisRaft command array at data byte "
                    + pos + ": " + problem);
        }
    }
}

package io.redraft.server.importer;

import io.redraft.store.rdb.Crc64;
import io.redraft.store.rdb.ModuleAux;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes files in RedisRaft's formats, as its C code does (docs/redisraft-import.md), so tests
 * can hand Redraft a RedisRaft node's directory without a RedisRaft build.
 */
public final class RedisRaftFiles {
    private RedisRaftFiles() {}

    /** A log page: header, then entries, each with the running CRC32C RedisRaft keeps. */
    public static final class Log {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CRC32C crc = new CRC32C();

        public Log(String dbid, int nodeId, long prevTerm, long prevIndex) {
            byte[] h = ("*7\r\n" + bulk("RAFTLOG") + bulk("1") + bulk(dbid) + bulk(Integer.toString(nodeId))
                    + bulk(Long.toString(prevTerm)) + bulk(Long.toString(prevIndex))).getBytes(StandardCharsets.ISO_8859_1);
            crc.update(h);
            out.writeBytes(h);
            out.writeBytes(bulk(Long.toString(crc.getValue())).getBytes(StandardCharsets.ISO_8859_1));
        }

        public Log entry(long term, int type, byte[] data) {
            byte[] head = ("*7\r\n" + bulk("ENTRY") + bulk(Long.toString(term)) + bulk(Integer.toString(12345))
                    + bulk("0") + bulk(Integer.toString(type)) + "$" + data.length + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            crc.update(head);
            crc.update(data);
            crc.update(new byte[] {'\r', '\n'});
            out.writeBytes(head);
            out.writeBytes(data);
            out.writeBytes(new byte[] {'\r', '\n'});
            out.writeBytes(bulk(Long.toString(crc.getValue())).getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + s + "\r\n";
    }

    /** The {@code .meta} file; vote -1 for none. */
    public static byte[] meta(String dbid, int nodeId, long term, int vote) {
        return ("*6\r\n" + bulk("METADATA") + bulk("1") + bulk(dbid) + bulk(Integer.toString(nodeId))
                + bulk(Long.toString(term)) + bulk(Integer.toString(vote))).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A NORMAL entry's data: one request (RaftRedisCommandArraySerialize), ACL user {@code acl}. */
    public static byte[] commands(String acl, List<String[]> commands) {
        StringBuilder sb = new StringBuilder("*2\n*3\n:0\n:0\n$" + acl.length() + "\n" + acl + "\n*" + commands.size() + "\n");
        for (String[] argv : commands) {
            sb.append('*').append(argv.length).append('\n');
            for (String a : argv) sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append('\n').append(a).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] command(String... argv) {
        return commands("default", List.<String[]>of(argv));
    }

    /** An ADD_NODE / ADD_NONVOTING_NODE / REMOVE_NODE entry's data: a 264-byte RaftCfgChange, little-endian. */
    public static byte[] cfgChange(int id, String host, int port) {
        ByteBuffer b = ByteBuffer.allocate(264).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, id);
        b.putShort(4, (short) port);
        byte[] h = host.getBytes(StandardCharsets.US_ASCII);
        b.put(6, h);
        return b.array();
    }

    /** A member of the snapshot's node list. */
    public record Node(int id, boolean voting, String host, int port) {}

    /**
     * A RedisRaft snapshot: an RDB with the {@code redisraft} module AUX record before the
     * keyspace, then string keys and hashes ({@code hashes}: key to field/value pairs).
     */
    public static byte[] rdb(String dbid, long term, long index, List<Node> nodes, List<Integer> usedIds,
                             Map<String, String> strings, Map<String, Map<String, String>> hashes) {
        return rdb(dbid, term, index, nodes, usedIds, strings, hashes, List.of());
    }

    /** As above, with blocked commands pending in RedisRaft's state (their serialized commands). */
    public static byte[] rdb(String dbid, long term, long index, List<Node> nodes, List<Integer> usedIds,
                             Map<String, String> strings, Map<String, Map<String, String>> hashes, List<String> blocked) {
        Rdb r = header(dbid, term, index, nodes, usedIds, blocked);
        int keys = strings.size() + hashes.size();
        if (keys > 0) {
            r.op(0xFE).len(0).op(0xFB).len(keys).len(0);
            strings.forEach((k, v) -> r.op(0).str(k).str(v));
            hashes.forEach((k, h) -> {
                r.op(4).str(k).len(h.size());
                h.forEach((f, v) -> r.str(f).str(v));
            });
        }
        return r.end();
    }

    /**
     * A RedisRaft snapshot whose keyspace is the one in {@code stockRdb}, an RDB a stock
     * redis-server saved: as RedisRaft's own snapshot is, since redis-server writes the keyspace
     * and the module only adds its AUX record in front of it.
     */
    public static byte[] rdbAround(String dbid, long term, long index, List<Node> nodes, List<Integer> usedIds,
                                   byte[] stockRdb) {
        Rdb r = header(dbid, term, index, nodes, usedIds, List.of());
        int at = keyspaceStart(stockRdb);
        // Everything up to the EOF opcode; the trailer's checksum is recomputed over the new file.
        r.raw(java.util.Arrays.copyOfRange(stockRdb, at, stockRdb.length - 9));
        return r.end();
    }

    /** Where the first database selector follows the AUX fields of a stock RDB (version 10). */
    private static int keyspaceStart(byte[] rdb) {
        int at = 9;
        while ((rdb[at] & 0xff) == 0xFA) {
            at = skipString(rdb, skipString(rdb, at + 1));
        }
        if ((rdb[at] & 0xff) != 0xFE && (rdb[at] & 0xff) != 0xFF) {
            throw new IllegalArgumentException("unexpected opcode " + (rdb[at] & 0xff) + " after the AUX fields at " + at);
        }
        return at;
    }

    private static int skipString(byte[] b, int at) {
        int first = b[at] & 0xff;
        return switch (first >> 6) {
            case 0 -> at + 1 + (first & 0x3f);
            case 1 -> at + 2 + (((first & 0x3f) << 8) | (b[at + 1] & 0xff));
            case 2 -> first == 0x80 ? at + 5 + ByteBuffer.wrap(b, at + 1, 4).getInt()
                    : at + 9 + (int) ByteBuffer.wrap(b, at + 1, 8).getLong();
            default -> switch (first & 0x3f) {
                case 0 -> at + 2;
                case 1 -> at + 3;
                case 2 -> at + 5;
                default -> throw new IllegalArgumentException("compressed AUX string at " + at);
            };
        };
    }

    private static Rdb header(String dbid, long term, long index, List<Node> nodes, List<Integer> usedIds,
                              List<String> blocked) {
        Rdb r = new Rdb();
        r.raw("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        r.op(0xFA).str("redis-ver").str("7.0.15");
        r.op(0xFA).str("redis-bits").str("64");
        // module aux: id, when-opcode UINT, when BEFORE_RDB (1), values, EOF
        r.op(0xF7).len(ModuleAux.idOf("redisraft", 1)).len(2).len(1);
        r.len(5).str(dbid);
        r.len(2).len(term).len(2).len(index);
        for (Node n : nodes) {
            r.len(2).len(n.id()).len(2).len(n.voting() ? 1 : 0).len(5).str(n.host()).len(2).len(n.port());
        }
        r.len(2).len(0);
        for (int id : usedIds) r.len(2).len(id);
        r.len(2).len(0);
        r.len(2).len(0); // shard groups
        for (int i = 0; i < 16384; i++) r.len(2).len(0); // max importing term per slot
        r.len(2).len(0); // locked keys
        r.len(2).len(0); // client sessions
        r.len(2).len(blocked.size()); // blocked commands: index, session, serialized command
        for (String b : blocked) r.len(2).len(index).len(2).len(5).len(5).str(b);
        r.len(0); // module EOF
        return r;
    }

    private static final class Rdb {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rdb raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Rdb op(int op) {
            out.write(op);
            return this;
        }

        Rdb len(long v) {
            if (v >= 0 && v < 64) {
                out.write((int) v);
            } else if (v >= 0 && v < 16384) {
                out.write(0x40 | (int) (v >> 8));
                out.write((int) v & 0xff);
            } else if (v >= 0 && v <= 0xffffffffL) {
                out.write(0x80);
                out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
            } else {
                out.write(0x81);
                out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
            }
            return this;
        }

        byte[] end() {
            op(0xFF);
            long crc = Crc64.of(out.toByteArray());
            raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc).array());
            return out.toByteArray();
        }

        Rdb str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            len(b.length);
            out.writeBytes(b);
            return this;
        }
    }

    /** Convenience for tests: a list of argv arrays. */
    public static List<String[]> cmds(String[]... argv) {
        return new ArrayList<>(List.of(argv));
    }
}

package io.redraft.server.admin;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.dump.SerializedLength;
import io.redraft.store.list.ListValue;
import io.redraft.store.string.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DEBUG OBJECT key, in Redis 7.0's line: {@code Value at:<addr> refcount:<n> encoding:<enc>
 * serializedlength:<n> lru:<clock> lru_seconds_idle:<s>}, plus the {@code ql_*} fields for a
 * quicklist. It answers from this node's keyspace, as DEBUG DIGEST does, so replicas can be
 * compared.
 *
 * <ul>
 *   <li>{@code Value at} has no meaning on a JVM: it is the value's identity hash, printed as a
 *       pointer so that tools parsing the line still find one.</li>
 *   <li>{@code refcount}: 2147483647 for the integers 0..9999 Redis shares, 1 otherwise (as
 *       OBJECT REFCOUNT).</li>
 *   <li>{@code encoding} is OBJECT ENCODING's; {@code serializedlength} the length of the value's
 *       RDB serialization as Redis 7.0 writes it ({@link SerializedLength}).</li>
 *   <li>{@code lru} is the 24-bit LRU clock (seconds) of the last access, {@code lru_seconds_idle}
 *       OBJECT IDLETIME.</li>
 *   <li>A key that has expired is absent ({@code no such key}), as for every other lookup here:
 *       Redis 7.0 still shows it until something else expires it, but a replica must not
 *       answer from a value the log has logically deleted.</li>
 * </ul>
 */
final class DebugObject {
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int SHARED_INTEGERS = 10000;
    /** list-max-listpack-size -2: a quicklist node's listpack holds up to 8 kB (Redis 7.0). */
    private static final int NODE_BYTES = 8192;

    private DebugObject() {}

    static void run(RaftRuntime rt, byte[] name, ReplySink out) {
        Keyspace ks = rt.store().keyspace();
        long now = rt.clock().millis();
        Bytes key = Bytes.wrap(name);
        RedisObject o = ks.peek(key, now);
        if (o == null) {
            out.error("ERR no such key");
            return;
        }
        // The access clock reads the time of the last command run; this runs outside one.
        ks.clock().set(now);
        long idle = ks.clock().idleSeconds(o);
        long clock = (now / 1000) & LRU_CLOCK_MAX;
        long lru = (clock - idle) & LRU_CLOCK_MAX;
        String encoding = o.encoding();
        List<List<byte[]>> nodes = o instanceof ListValue l && encoding.equals("quicklist") ? nodes(l) : null;
        StringBuilder line = new StringBuilder()
                .append("Value at:0x").append(Long.toHexString(0x7f0000000000L | ((long) System.identityHashCode(o) << 4)))
                .append(" refcount:").append(shared(o) ? Integer.MAX_VALUE : 1)
                .append(" encoding:").append(encoding)
                .append(" serializedlength:").append(nodes != null ? SerializedLength.quicklist(nodes) : SerializedLength.of(key, o))
                .append(" lru:").append(lru)
                .append(" lru_seconds_idle:").append(idle);
        if (nodes != null) quicklist(nodes, line);
        out.status(line.toString());
    }

    private static boolean shared(RedisObject o) {
        if (!(o instanceof StringValue s) || !s.encoding().equals("int")) return false;
        long v = Nums.parseLongOr(s.bytes(), -1L);
        return v >= 0 && v < SHARED_INTEGERS;
    }

    /**
     * The quicklist Redis 7.0 builds for the list pushed at its tail: listpack nodes filled up to
     * 8 kB as _quicklistNodeAllowInsert decides.
     */
    private static List<List<byte[]>> nodes(ListValue l) {
        List<List<byte[]>> nodes = new ArrayList<>();
        List<byte[]> current = null;
        long node = 0;
        for (int i = 0; i < l.size(); i++) {
            byte[] v = l.get(i);
            long sz = v.length;
            long overhead = (sz < 254 ? 1 : 5) + (sz < 64 ? 1 : sz < 16384 ? 2 : 5);
            if (current == null || node + sz + overhead > NODE_BYTES) {
                current = new ArrayList<>();
                nodes.add(current);
                node = 6 + 1; // an empty listpack: header and end byte
            }
            current.add(v);
            node += ListpackEntry.size(v);
        }
        return nodes;
    }

    /** Redis's ql_* fields; uncompressed, as list-compress-depth 0 leaves every node. */
    private static void quicklist(List<List<byte[]>> nodes, StringBuilder line) {
        long total = 0, elements = 0;
        for (List<byte[]> node : nodes) {
            total += 6 + 1;
            for (byte[] v : node) total += ListpackEntry.size(v);
            elements += node.size();
        }
        line.append(" ql_nodes:").append(nodes.size())
                .append(" ql_avg_node:").append(String.format(Locale.ROOT, "%.2f", nodes.isEmpty() ? 0.0 : (double) elements / nodes.size()))
                .append(" ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:").append(total);
    }
}

package io.redraft.store.dump;

import io.redraft.store.Bytes;
import io.redraft.store.RedisObject;
import java.util.List;

/**
 * The length of a value's RDB serialization as Redis 7.0 writes it (rdbSavedObjectLen, which
 * DEBUG OBJECT prints as {@code serializedlength}): DUMP's payload less its frame, except for a
 * list held in a quicklist, which DUMP writes as a plain list (RESTORE takes either) and Redis as
 * its nodes' listpacks, each an RDB string (LZF-compressed when that is shorter).
 */
public final class SerializedLength {
    /** DUMP's payload around the value: type byte, then RDB version (2) and CRC64 (8). */
    private static final int DUMP_FRAME = 1 + 2 + 8;
    private static final int QUICKLIST_PACKED = 2;

    private SerializedLength() {}

    public static long of(Bytes key, RedisObject value) {
        return DumpPayload.dump(key, value).length - DUMP_FRAME;
    }

    /** A quicklist of these nodes (each node's elements in order), as RDB_TYPE_LIST_QUICKLIST_2. */
    public static long quicklist(List<List<byte[]>> nodes) {
        long n = CompactForms.rdbLength(nodes.size()).length;
        for (List<byte[]> node : nodes) {
            n += CompactForms.rdbLength(QUICKLIST_PACKED).length;
            n += DumpPayload.rdbString(CompactForms.listpack(node)).length;
        }
        return n;
    }
}

package io.redraft.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A single-server membership change (Raft thesis §4.1), carried as the data of an
 * ADD_NONVOTING_NODE, ADD_NODE or REMOVE_NODE entry. Encoding: 4-byte node id, then the
 * address as UTF-8.
 */
public record ConfChange(EntryType type, int nodeId, String address) {
    public ConfChange {
        if (!type.isConfigChange()) throw new IllegalArgumentException("not a config change: " + type);
        if (nodeId == 0) throw new IllegalArgumentException("node id 0 is reserved");
        if (address == null) address = "";
    }

    public byte[] encode() {
        byte[] addr = address.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + addr.length).putInt(nodeId).put(addr).array();
    }

    public static ConfChange decode(EntryType type, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        int id = b.getInt();
        return new ConfChange(type, id, new String(data, 4, data.length - 4, StandardCharsets.UTF_8));
    }

    public Entry toEntry(long index, long term) {
        return new Entry(index, term, type, encode());
    }
}

package io.redraft.server.shard;

/**
 * A node of a shard group as the map knows it: its 40-character cluster id (the group's 32-character
 * dbid followed by the Raft node id as 8 lower-case hex digits, reference §9.1) and its address.
 */
public record ShardNode(String id, String host, int port) {
    public static final int ID_LENGTH = 40;

    public ShardNode {
        if (id.length() != ID_LENGTH) throw new IllegalArgumentException("node id must be 40 characters");
        if (host.isEmpty() || port <= 0 || port > 65535) throw new IllegalArgumentException("bad node address");
    }

    /** The cluster-style id of Raft node {@code nodeId} of the group {@code dbid}. */
    public static String clusterId(String dbid, long nodeId) {
        return dbid + String.format("%08x", nodeId);
    }

    public String address() {
        return host + ":" + port;
    }

    /**
     * Parses {@code host:port} as RedisRaft's NodeAddrParse does: the port after the last colon, a
     * number in 1..65535, and a host that is not empty. Null when it is not an address.
     */
    public static ShardNode parse(String id, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) return null;
        String digits = address.substring(colon + 1);
        if (digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) return null;
        int port = Integer.parseInt(digits);
        if (port <= 0 || port > 65535) return null;
        return new ShardNode(id, address.substring(0, colon), port);
    }
}

package io.redraft.server.shard;

import io.redraft.store.HashSlot;

/**
 * A run of hash slots a shard group holds in one state, as RedisRaft's {@code ShardGroupSlotRange}.
 * The migration session key ties an IMPORTING range to the MIGRATING range at the source: an import
 * batch must carry it (reference §9.5), so a batch from a superseded migration is refused.
 */
public record SlotRange(int start, int end, Type type, long sessionKey) {
    /** Wire numbers are RedisRaft's: they appear in RAFT.SHARDGROUP arguments and replies. */
    public enum Type {
        STABLE(1), IMPORTING(2), MIGRATING(3);

        public final int code;

        Type(int code) {
            this.code = code;
        }

        /** The type for a wire number, or null. */
        public static Type of(long code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    public SlotRange {
        if (!valid(start, end)) throw new IllegalArgumentException("bad slot range " + start + "-" + end);
        if (type == null || sessionKey < 0) throw new IllegalArgumentException("bad slot range type or key");
    }

    public static SlotRange stable(int start, int end) {
        return new SlotRange(start, end, Type.STABLE, 0);
    }

    /** RedisRaft's HashSlotRangeValid: inside 0..16383 and not reversed. */
    public static boolean valid(long start, long end) {
        return start >= 0 && end < HashSlot.SLOTS && start <= end;
    }

    public boolean contains(int slot) {
        return slot >= start && slot <= end;
    }

    /** {@code a-b}, or {@code a} for a single slot, as CLUSTER NODES prints a range. */
    public String text() {
        return start == end ? Integer.toString(start) : start + "-" + end;
    }
}

package io.redraft.raft;

import java.util.Arrays;

/**
 * One Raft log entry. {@code data} is owned by the entry once constructed: callers must not
 * mutate the array afterwards (it is shared, not copied, to keep the hot path allocation-free).
 *
 * @param index position in the log, starting at 1
 * @param term  leader term in which the entry was created
 * @param type  what the entry means to the core
 * @param data  payload: a command batch for NORMAL, an encoded {@link ConfChange} for
 *              membership entries, empty for NO_OP
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        if (index < 1) throw new IllegalArgumentException("index must be >= 1: " + index);
        if (term < 0) throw new IllegalArgumentException("term must be >= 0: " + term);
        if (type == null) throw new IllegalArgumentException("type is null");
        if (data == null) data = EMPTY;
    }

    /** Approximate in-memory and on-wire size, used for {@code append-req-max-size} and cache limits. */
    public int sizeBytes() {
        return data.length + 24;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.index == index && e.term == term && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Long.hashCode(term);
    }

    @Override
    public String toString() {
        return "Entry{" + index + "@" + term + " " + type + " " + data.length + "B}";
    }
}

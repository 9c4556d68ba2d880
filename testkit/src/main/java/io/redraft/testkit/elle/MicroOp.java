package io.redraft.testkit.elle;

import java.util.List;

/**
 * One step of a list-append transaction: {@code append k v} (RPUSH) or {@code read k} (LRANGE k 0 -1).
 *
 * @param value the appended value (unique across the whole history), unused for reads
 * @param read  what the read returned, oldest first; {@code null} when unknown (the transaction's
 *              reply never arrived) or for appends. Kept as {@link Values} (unboxed; a
 *              {@code Values} given here is kept as it is, sharing its array)
 */
public record MicroOp(Kind kind, String key, long value, List<Long> read) {
    public enum Kind { APPEND, READ }

    public MicroOp {
        if (read != null) read = Values.copyOf(read);
    }

    /** The read's result, unboxed; null as {@link #read()}. */
    public Values values() {
        return (Values) read;
    }

    public static MicroOp append(String key, long value) {
        return new MicroOp(Kind.APPEND, key, value, null);
    }

    public static MicroOp read(String key, List<Long> read) {
        return new MicroOp(Kind.READ, key, 0, read);
    }

    /** A read whose result is not known yet (to be filled in with {@link #withRead}). */
    public static MicroOp read(String key) {
        return new MicroOp(Kind.READ, key, 0, null);
    }

    public MicroOp withRead(List<Long> result) {
        return new MicroOp(kind, key, value, result);
    }

    public boolean isAppend() {
        return kind == Kind.APPEND;
    }

    @Override
    public String toString() {
        return isAppend() ? "append " + key + " " + value : "read " + key + " " + (read == null ? "?" : read);
    }
}

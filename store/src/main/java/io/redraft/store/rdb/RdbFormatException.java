package io.redraft.store.rdb;

import java.io.IOException;

/** An RDB file we cannot load: says which file, at which byte offset, and what is wrong. */
public final class RdbFormatException extends IOException {
    private final String source;
    private final long offset;

    RdbFormatException(String source, long offset, String problem) {
        this(source, offset, problem, null);
    }

    RdbFormatException(String source, long offset, String problem, Throwable cause) {
        super(source + ": at offset " + offset + ": " + problem, cause);
        this.source = source;
        this.offset = offset;
    }

    /** The file name (or other label) given to the reader. */
    public String source() {
        return source;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}

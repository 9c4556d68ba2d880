package io.redraft.storage;

/**
 * The node's files do not check out and it must not start: continuing could lose acknowledged
 * writes or mix logs of different clusters. The message names the file, the offset and the way
 * out, because an operator reads it in a log line and nothing else.
 */
public final class StorageCorruptedException extends RuntimeException {
    static final String REMEDY = "The node cannot start: remove the node from the cluster (RAFT.NODE REMOVE)"
            + " and re-add it as a new node.";

    private final String file;
    private final long offset;

    StorageCorruptedException(String file, long offset, String problem) {
        super("Storage corrupted: " + file + " at offset " + offset + ": " + problem + ". " + REMEDY);
        this.file = file;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}

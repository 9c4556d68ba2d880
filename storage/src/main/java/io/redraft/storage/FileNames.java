package io.redraft.storage;

/** The names of a node's files, all derived from {@code raft.log-filename} and {@code dbfilename}. */
record FileNames(String log, String db) {
    String index() {
        return log + ".idx";
    }

    String meta() {
        return log + ".meta";
    }

    String metaTemp() {
        return log + ".meta.tmp";
    }

    /** Prefix compaction writes the surviving suffix here, then renames it over {@link #log()}. */
    String logTemp() {
        return log + ".tmp";
    }

    /**
     * The suffix copied ahead of an install, off the log thread ({@code DurableLog.prepareCompaction}):
     * numbered, so that discarding one copy never touches the files of the next.
     */
    String logPrepared(long n) {
        return log + ".pre." + n + ".tmp";
    }

    String indexPrepared(long n) {
        return log + ".pre." + n + ".tmp.idx";
    }

    boolean isPrepared(String name) {
        return name.startsWith(log + ".pre.");
    }

    String indexTemp() {
        return log + ".tmp.idx";
    }

    String dbLocalTemp(long pid) {
        return db + ".tmp." + pid;
    }

    String dbReceiveTemp() {
        return db + ".tmp.recv";
    }

    boolean isDbTemp(String name) {
        return name.startsWith(db + ".tmp.");
    }
}

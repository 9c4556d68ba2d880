package io.redraft.server.config;

/** The components {@code raft.trace} switches on, with RedisRaft's bits. */
public enum TraceComponent {
    NODE, CONN, RAFTLIB, RAFTLOG, GENERIC, MIGRATION;

    public int bit() {
        return 1 << ordinal();
    }

    /** The name used in raft.trace and in logger names ({@code raft.trace.<name>}). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

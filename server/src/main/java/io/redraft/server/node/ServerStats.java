package io.redraft.server.node;

/** Counters behind INFO stats; node thread only. CONFIG RESETSTAT zeroes them. */
public final class ServerStats {
    public long connectionsReceived;
    public long commandsProcessed;
    public long rejectedConnections;
    public long errorReplies;

    void reset() {
        connectionsReceived = 0;
        commandsProcessed = 0;
        rejectedConnections = 0;
        errorReplies = 0;
    }
}

package io.redraft.server.node;

/** Counters behind INFO stats; node thread only. CONFIG RESETSTAT zeroes them. */
public final class ServerStats {
    public long connectionsReceived;
    public long commandsProcessed;
    public long rejectedConnections;
    public long errorReplies;
    /** Clients closed for overcoming client-output-buffer-limit. */
    public long outputBufferLimitDisconnections;

    void reset() {
        connectionsReceived = 0;
        commandsProcessed = 0;
        rejectedConnections = 0;
        errorReplies = 0;
        outputBufferLimitDisconnections = 0;
    }
}

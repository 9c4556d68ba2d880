package io.redraft.raft;

/**
 * Tuning knobs of one Raft node, expressed in ticks (one tick = one call of
 * {@link RaftNode#tick()}, RedisRaft's {@code periodic-interval}) and bytes. Use
 * {@link #fromMillis} to convert RedisRaft's millisecond settings.
 *
 * @param nodeId                   this node's id: random, non-zero, 31-bit
 * @param electionTicks            base election timeout T; each node waits a random [T, 2T) (§5.2)
 * @param heartbeatTicks           heartbeat / AppendEntries resend interval ({@code request-timeout})
 * @param appendReqMaxCount        AppendEntries in flight per follower ({@code append-req-max-count})
 * @param appendReqMaxSize         entry bytes per AppendEntries, first entry always sent ({@code append-req-max-size})
 * @param snapshotReqMaxCount      snapshot chunks in flight per follower ({@code snapshot-req-max-count})
 * @param snapshotReqMaxSize       bytes per snapshot chunk ({@code snapshot-req-max-size})
 * @param compactionThresholdBytes log bytes since the last snapshot that trigger a snapshot
 *                                 request ({@code log-max-file-size}); 0 = only on request
 * @param preVote                  run a Pre-Vote round before each election (thesis §9.6)
 * @param checkQuorum              leader steps down without a majority's contact (thesis §6.2)
 */
public record RaftConfig(int nodeId, int electionTicks, int heartbeatTicks, int appendReqMaxCount,
                         long appendReqMaxSize, int snapshotReqMaxCount, int snapshotReqMaxSize,
                         long compactionThresholdBytes, boolean preVote, boolean checkQuorum) {
    public static final int DEFAULT_PERIODIC_INTERVAL_MS = 100;
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 200;
    public static final int DEFAULT_ELECTION_TIMEOUT_MS = 1000;

    public RaftConfig {
        if (nodeId <= 0) throw new IllegalArgumentException("node id must be a positive 31-bit value: " + nodeId);
        if (electionTicks < 1) throw new IllegalArgumentException("electionTicks < 1");
        if (heartbeatTicks < 1) throw new IllegalArgumentException("heartbeatTicks < 1");
        if (appendReqMaxCount < 1) throw new IllegalArgumentException("appendReqMaxCount < 1");
        if (appendReqMaxSize < 1) throw new IllegalArgumentException("appendReqMaxSize < 1");
        if (snapshotReqMaxCount < 1) throw new IllegalArgumentException("snapshotReqMaxCount < 1");
        if (snapshotReqMaxSize < 1) throw new IllegalArgumentException("snapshotReqMaxSize < 1");
        if (compactionThresholdBytes < 0) throw new IllegalArgumentException("compactionThresholdBytes < 0");
    }

    /** RedisRaft's defaults: 100 ms tick, 200 ms request timeout, 1000 ms election timeout. */
    public static RaftConfig defaults(int nodeId) {
        return fromMillis(nodeId, DEFAULT_PERIODIC_INTERVAL_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_ELECTION_TIMEOUT_MS);
    }

    /**
     * Converts RedisRaft's millisecond settings into ticks, rounding up so that no timeout becomes
     * shorter than configured, and never below one tick. Other knobs take RedisRaft's defaults
     * (2 AE of 2 MiB in flight, 32 snapshot chunks of 64 KiB, compaction at 128 MB).
     */
    public static RaftConfig fromMillis(int nodeId, int periodicIntervalMs, int requestTimeoutMs, int electionTimeoutMs) {
        if (periodicIntervalMs < 1) throw new IllegalArgumentException("periodic-interval < 1");
        return new RaftConfig(nodeId, ticks(electionTimeoutMs, periodicIntervalMs),
                ticks(requestTimeoutMs, periodicIntervalMs), 2, 2_097_152, 32, 65_536, 128_000_000L, true, true);
    }

    private static int ticks(int ms, int interval) {
        return Math.max(1, (ms + interval - 1) / interval);
    }

    public RaftConfig withAppendLimits(int maxCount, long maxSize) {
        return new RaftConfig(nodeId, electionTicks, heartbeatTicks, maxCount, maxSize, snapshotReqMaxCount,
                snapshotReqMaxSize, compactionThresholdBytes, preVote, checkQuorum);
    }

    public RaftConfig withSnapshotLimits(int maxCount, int maxSize) {
        return new RaftConfig(nodeId, electionTicks, heartbeatTicks, appendReqMaxCount, appendReqMaxSize, maxCount,
                maxSize, compactionThresholdBytes, preVote, checkQuorum);
    }

    public RaftConfig withCompactionThreshold(long bytes) {
        return new RaftConfig(nodeId, electionTicks, heartbeatTicks, appendReqMaxCount, appendReqMaxSize,
                snapshotReqMaxCount, snapshotReqMaxSize, bytes, preVote, checkQuorum);
    }

    public RaftConfig withTicks(int election, int heartbeat) {
        return new RaftConfig(nodeId, election, heartbeat, appendReqMaxCount, appendReqMaxSize,
                snapshotReqMaxCount, snapshotReqMaxSize, compactionThresholdBytes, preVote, checkQuorum);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(nodeId, electionTicks, heartbeatTicks, appendReqMaxCount, appendReqMaxSize,
                snapshotReqMaxCount, snapshotReqMaxSize, compactionThresholdBytes, on, checkQuorum);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(nodeId, electionTicks, heartbeatTicks, appendReqMaxCount, appendReqMaxSize,
                snapshotReqMaxCount, snapshotReqMaxSize, compactionThresholdBytes, preVote, on);
    }

    public RaftConfig withNodeId(int id) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, appendReqMaxCount, appendReqMaxSize,
                snapshotReqMaxCount, snapshotReqMaxSize, compactionThresholdBytes, preVote, checkQuorum);
    }
}

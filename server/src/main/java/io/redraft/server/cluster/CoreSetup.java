package io.redraft.server.cluster;

import io.redraft.raft.LogStorage;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftNode;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.log.LogSetup;
import io.redraft.storage.StorageConfig;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/** The core's and storage's settings, taken from the server's configuration (live ones re-read on change). */
final class CoreSetup {
    private static final Logger log = LogSetup.raft("runtime");

    private CoreSetup() {}

    static StorageConfig storageConfig(ServerConfig config) {
        return new StorageConfig(config.dir(), config.raftLogFilename(), config.dbfilename(), config.logFsync(),
                config.logMaxFileSize(), config.logMaxCacheSize(), 1024);
    }

    static RaftConfig raftConfig(ServerConfig config, int id) {
        // Compaction is asked for by the server when storage says the log is too big.
        return RaftConfig.fromMillis(id, config.periodicIntervalMs(), config.requestTimeoutMs(), config.electionTimeoutMs())
                .withAppendLimits(config.appendReqMaxCount(), config.appendReqMaxSize())
                .withSnapshotLimits(config.snapshotReqMaxCount(), (int) config.snapshotReqMaxSize())
                .withCompactionThreshold(0);
    }

    static RaftNode newCore(RaftConfig config, LogStorage storage, RandomGenerator random) {
        RaftNode core = new RaftNode(config, storage, random);
        // §5.4 (Leader Completeness): a committed entry is never overwritten. The core refuses such
        // a request; a warning makes the fault harness's crash checker fail the run that caused it.
        core.setRefusalListener((from, term, index, committed) -> log.warn(
                "Refused an AppendEntries from node {} (term {}) that would truncate committed entry {} (commit index {})",
                from, term, index, committed));
        return core;
    }
}

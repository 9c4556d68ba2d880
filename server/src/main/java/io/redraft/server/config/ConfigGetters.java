package io.redraft.server.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Typed views of the parameters the server and the node use. Each call reads the current value,
 * so a value changed by CONFIG SET is seen at the next call.
 */
public sealed interface ConfigGetters permits ServerConfig {
    String string(String name);

    long number(String name);

    boolean bool(String name);

    List<String> words(String name);

    /**
     * {@code client-output-buffer-limit} of one client class ({@code normal}, {@code slave},
     * {@code pubsub}): hard limit bytes, soft limit bytes, soft limit seconds; 0 means none.
     */
    List<Long> outputBufferLimit(String clientClass);

    // ---- Redis -----------------------------------------------------------------------------
    default int port() { return (int) number("port"); }
    default List<String> bind() { return words("bind"); }
    default boolean protectedMode() { return bool("protected-mode"); }
    default Path dir() { return Path.of(string("dir")); }
    default String dbfilename() { return string("dbfilename"); }
    /** Empty: log to standard output. */
    default String logfile() { return string("logfile"); }
    default LogLevel loglevel() { return LogLevel.of(string("loglevel")); }
    /** Empty: no password. */
    default String requirepass() { return string("requirepass"); }
    default String pidfile() { return string("pidfile"); }
    default long maxclients() { return number("maxclients"); }
    /** Client idle timeout in seconds; 0 = never. */
    default long timeoutSeconds() { return number("timeout"); }
    default long tcpKeepaliveSeconds() { return number("tcp-keepalive"); }
    default int tcpBacklog() { return (int) number("tcp-backlog"); }
    /** The configured hz, held within 1..500 as Redis does. */
    default int hz() { return (int) Math.max(1, Math.min(500, number("hz"))); }
    default long maxmemory() { return number("maxmemory"); }
    default long protoMaxBulkLen() { return number("proto-max-bulk-len"); }
    default long clientQueryBufferLimit() { return number("client-query-buffer-limit"); }
    default long slowlogLogSlowerThanMicros() { return number("slowlog-log-slower-than"); }
    default long slowlogMaxLen() { return number("slowlog-max-len"); }
    default long busyReplyThresholdMs() { return number("busy-reply-threshold"); }
    default String enableDebugCommand() { return string("enable-debug-command"); }
    default int tlsPort() { return (int) number("tls-port"); }

    // ---- Redraft: the operations listener (docs/operations.md) ------------------------------
    /** 0: no operations listener. */
    default int metricsPort() { return (int) number("metrics-port"); }
    default String metricsBind() { return string("metrics-bind"); }
    default long metricsReadyMaxLag() { return number("metrics-ready-max-lag"); }

    // ---- RedisRaft ---------------------------------------------------------------------------
    /** 0 until chosen at init/join. */
    default int raftId() { return (int) number("raft.id"); }
    /** Empty: advertise the first non-loopback interface with {@link #port()}. */
    default String raftAddr() { return string("raft.addr"); }
    default String raftLogFilename() { return string("raft.log-filename"); }
    default int periodicIntervalMs() { return (int) number("raft.periodic-interval"); }
    default int requestTimeoutMs() { return (int) number("raft.request-timeout"); }
    default int electionTimeoutMs() { return (int) number("raft.election-timeout"); }
    default int connectionTimeoutMs() { return (int) number("raft.connection-timeout"); }
    default int joinTimeoutMs() { return (int) number("raft.join-timeout"); }
    default int responseTimeoutMs() { return (int) number("raft.response-timeout"); }
    default int proxyResponseTimeoutMs() { return (int) number("raft.proxy-response-timeout"); }
    default int reconnectIntervalMs() { return (int) number("raft.reconnect-interval"); }
    default boolean followerProxy() { return bool("raft.follower-proxy"); }
    default boolean quorumReads() { return bool("raft.quorum-reads"); }
    default boolean logFsync() { return bool("raft.log-fsync"); }
    /** Test only: fault-injection hooks (clock offset, fsync delay) may be used. */
    default boolean testHooks() { return bool("raft.test-hooks"); }
    /** 0: never compact automatically. */
    default long logMaxFileSize() { return number("raft.log-max-file-size"); }
    /** 0: unbounded. */
    default long logMaxCacheSize() { return number("raft.log-max-cache-size"); }
    default int appendReqMaxCount() { return (int) number("raft.append-req-max-count"); }
    default long appendReqMaxSize() { return number("raft.append-req-max-size"); }
    default int snapshotReqMaxCount() { return (int) number("raft.snapshot-req-max-count"); }
    default long snapshotReqMaxSize() { return number("raft.snapshot-req-max-size"); }
    default boolean sharding() { return bool("raft.sharding"); }
    default boolean externalSharding() { return bool("raft.external-sharding"); }
    /** {@code N}, {@code A:B} or empty. */
    default String slotConfig() { return string("raft.slot-config"); }
    default int shardgroupUpdateIntervalMs() { return (int) number("raft.shardgroup-update-interval"); }
    /**
     * raft.ignored-commands split on commas, as typed (RedisRaft compares them with lower-cased
     * command names, so only lower-case entries ever match).
     */
    default List<String> ignoredCommands() {
        String v = string("raft.ignored-commands");
        return v.isEmpty() ? List.of() : Arrays.asList(v.split(",", -1));
    }
    default long scanSize() { return number("raft.scan-size"); }
    default boolean tlsEnabled() { return bool("raft.tls-enabled"); }
    default String clusterUser() { return string("raft.cluster-user"); }
    default String clusterPassword() { return string("raft.cluster-password"); }
    default LogLevel raftLoglevel() { return LogLevel.of(string("raft.loglevel")); }
    /** The components raft.trace has switched on. */
    Set<TraceComponent> trace();
    default long logDelayApplyMicros() { return number("raft.log-delay-apply"); }
    default boolean logDisableApply() { return bool("raft.log-disable-apply"); }
    default long snapshotDelaySeconds() { return number("raft.snapshot-delay"); }
    default boolean snapshotFail() { return bool("raft.snapshot-fail"); }
    default boolean snapshotDisable() { return bool("raft.snapshot-disable"); }
    default boolean snapshotDisableLoad() { return bool("raft.snapshot-disable-load"); }
    default long migrationBatchSize() { return number("raft.migration-batch-size"); }
    /** none, fail-connect, fail-import, fail-unlock or fail-part. */
    default String migrationDebug() { return string("raft.migration-debug"); }

    static Set<TraceComponent> traceOf(int bits) {
        Set<TraceComponent> s = EnumSet.noneOf(TraceComponent.class);
        for (TraceComponent c : TraceComponent.values()) {
            if ((bits & c.bit()) != 0) s.add(c);
        }
        return s;
    }
}

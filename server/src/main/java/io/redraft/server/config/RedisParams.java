package io.redraft.server.config;

import static io.redraft.server.config.Param.Flag.IMMUTABLE;
import static io.redraft.server.config.Param.Flag.PROTECTED;
import static io.redraft.server.config.Param.Flag.SENSITIVE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Redis 7.2 directives Redraft accepts, with Redis's defaults and ranges, except where
 * RedisRaft requires a setting: those have RedisRaft's required value as default and refuse any
 * other value with the reason.
 */
final class RedisParams {
    private RedisParams() {}

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long UINT_MAX = 4294967295L;

    /**
     * @param cwd the working directory: the initial one, then whatever {@code dir} last set,
     *            since Redis changes directory at each {@code dir} and resolves later paths from it
     */
    static List<Param> table(Supplier<Path> cwd) {
        List<Param> t = new ArrayList<>();
        // Network
        t.add(Param.of("port", integer(0, 65535), "6379").doc("TCP port for clients and for the other nodes."));
        t.add(Param.of("bind", new ParamType.Words(RedisParams::bind, "addresses"), "* -::*")
                .doc("Interfaces to listen on; `*` = all IPv4, `::*` = all IPv6, a leading `-` makes an address optional."));
        t.add(Param.of("protected-mode", bool(), "yes")
                .doc("Refuse remote clients (-DENIED) while the default user has no password (docs/security.md)."));
        t.add(Param.of("tcp-backlog", integer(0, INT_MAX), "511").flags(IMMUTABLE).doc("listen(2) backlog."));
        t.add(Param.of("unixsocket", text(), "").flags(IMMUTABLE).doc("Accepted and stored; Redraft listens on TCP only."));
        t.add(Param.of("timeout", integer(0, INT_MAX), "0").doc("Close a client idle for this many seconds (0 = never)."));
        t.add(Param.of("tcp-keepalive", integer(0, INT_MAX), "300").doc("Keepalive of new client connections: first probe after this many idle seconds (0 = off)."));
        t.add(Param.of("maxclients", integer(1, UINT_MAX), "10000").doc("Maximum connected clients."));
        t.add(Param.of("proto-max-bulk-len", memory(1024 * 1024, LONG_MAX), "536870912")
                .doc("Largest bulk string a client may send."));
        t.add(Param.of("client-query-buffer-limit", memory(1024 * 1024, LONG_MAX), "1073741824")
                .doc("Largest query buffer of one client."));
        // Process
        t.add(Param.of("daemonize", bool(), "no").flags(IMMUTABLE)
                .requires(v -> (Boolean) v ? "daemonize must be no: Redraft runs in the foreground and keeps the launcher's pid, use a process supervisor" : null)
                .doc("Must be `no`."));
        t.add(Param.of("supervised", choice("upstart", "systemd", "auto", "no"), "no").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("pidfile", text(), "").flags(IMMUTABLE).doc("File the server writes its pid to (empty = none)."));
        t.add(Param.of("loglevel", choice("debug", "verbose", "notice", "warning", "nothing"), "notice")
                .doc("Server log verbosity; also filters `raft.loglevel` and `raft.trace` output."));
        t.add(Param.of("logfile", text(), "").flags(IMMUTABLE).doc("Log file (appended to); empty = standard output."));
        t.add(Param.of("syslog-enabled", bool(), "no").flags(IMMUTABLE)
                .requires(v -> (Boolean) v ? "syslog-enabled must be no: Redraft logs to logfile or standard output" : null)
                .doc("Must be `no`."));
        t.add(Param.of("always-show-logo", bool(), "no").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("set-proc-title", bool(), "yes").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("hz", integer(0, INT_MAX), "10").doc("Frequency of the server's background tasks: the leader checks for expired keys this often."));
        t.add(Param.of("dynamic-hz", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("io-threads", integer(1, 128), "1").flags(IMMUTABLE)
                .doc("Event-loop threads for client and internode I/O. The node itself runs on the first of them (as Redis's "
                        + "main thread), so with `1` nothing changes threads on the request path; connections on the others "
                        + "hand their requests over."));
        t.add(Param.of("io-threads-do-reads", bool(), "no").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("enable-debug-command", choice("no", "yes", "local"), "no").flags(IMMUTABLE).doc("Whether DEBUG is allowed."));
        t.add(Param.of("enable-protected-configs", choice("no", "yes", "local"), "no").flags(IMMUTABLE)
                .doc("Accepted and stored; `dir` and `dbfilename` stay unchangeable by CONFIG SET."));
        t.add(Param.of("enable-module-command", choice("no", "yes", "local"), "no").flags(IMMUTABLE).doc("Accepted and stored."));
        // Keyspace and persistence: what RedisRaft requires of Redis.
        t.add(Param.of("databases", integer(1, INT_MAX), "1").flags(IMMUTABLE)
                .requires(v -> (Long) v != 1 ? "databases must be 1: Redraft keeps one database, replicated by Raft" : null)
                .doc("Must be 1."));
        t.add(Param.of("save", new ParamType.Words(RedisParams::save, "save points"), "")
                .requires(v -> ((List<?>) v).isEmpty() ? null
                        : "save must be \"\": Redraft snapshots through Raft, Redis save points would bypass the log")
                .doc("Must be `\"\"`: snapshots are taken by Raft log compaction."));
        t.add(Param.of("appendonly", bool(), "no")
                .requires(v -> (Boolean) v ? "appendonly must be no: the Raft log is Redraft's only append-only file" : null)
                .doc("Must be `no`."));
        t.add(Param.of("appendfilename", new ParamType.Text(v -> baseName(v, "appendfilename"), "file name"), "appendonly.aof")
                .flags(IMMUTABLE).doc("Accepted and stored (AOF is never written)."));
        t.add(Param.of("appenddirname", text(), "appendonlydir").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("appendfsync", choice("everysec", "always", "no"), "everysec").doc("Accepted and stored; see `raft.log-fsync`."));
        t.add(Param.of("stop-writes-on-bgsave-error", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("rdbcompression", bool(), "yes").doc("Compress strings in snapshot files."));
        t.add(Param.of("rdbchecksum", bool(), "yes").doc("Checksum snapshot files."));
        t.add(Param.of("dbfilename", new ParamType.Text(v -> baseName(v, "dbfilename"), "file name"), "dump.rdb")
                .flags(PROTECTED)
                .requires(v -> ((String) v).isEmpty() ? "dbfilename must not be empty: Redraft keeps its Raft snapshot in it" : null)
                .doc("Snapshot file name, in `dir`."));
        t.add(Param.of("dir", new ParamType.Text(v -> directory(cwd.get(), v), "directory"), cwd.get().toString())
                .flags(PROTECTED).doc("Working directory: the snapshot and the Raft log files are kept there."));
        t.add(Param.of("replicaof", new ParamType.Words(RedisParams::replicaOf, "host port"), "").alias("slaveof").flags(IMMUTABLE)
                .requires(v -> ((List<?>) v).isEmpty() ? null
                        : "replicaof is not supported: Redraft replicates through Raft, not Redis replication")
                .doc("Must be unset (or `no one`)."));
        t.add(Param.of("masterauth", text(), "").flags(SENSITIVE).doc("Accepted and stored."));
        t.add(Param.of("masteruser", text(), "").doc("Accepted and stored."));
        t.add(Param.of("replica-read-only", bool(), "yes").alias("slave-read-only").doc("Accepted and stored."));
        t.add(Param.of("cluster-enabled", bool(), "no").flags(IMMUTABLE)
                .requires(v -> (Boolean) v ? "cluster-enabled must be no: Redraft is not compatible with Redis Cluster, use raft.sharding" : null)
                .doc("Must be `no`."));
        // Memory
        t.add(Param.of("maxmemory", memory(0, LONG_MAX), "0").doc("Memory limit; writes fail with OOM above it (0 = none)."));
        t.add(Param.of("maxmemory-policy", choice("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                        "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction")
                .requires(v -> v.equals("noeviction") ? null
                        : "maxmemory-policy must be noeviction: evicting keys on one node would make the replicas diverge")
                .doc("Must be `noeviction`."));
        t.add(Param.of("maxmemory-samples", integer(1, 64), "5").doc("Accepted and stored."));
        for (String what : List.of("eviction", "expire", "server-del", "user-del", "user-flush")) {
            t.add(Param.of("lazyfree-lazy-" + what, bool(), "no").doc("Accepted and stored."));
        }
        t.add(Param.of("activerehashing", bool(), "yes").doc("Accepted and stored."));
        // Commands and clients
        t.add(Param.of("requirepass", text(), "").flags(SENSITIVE).doc("Password of the `default` user (empty = none)."));
        t.add(Param.of("aclfile", text(), "").flags(IMMUTABLE).doc("ACL users file, loaded at start-up; ACL LOAD logs its users, ACL SAVE writes this node's (docs/security.md)."));
        t.add(Param.of("acllog-max-len", integer(0, LONG_MAX), "128").doc("Entries kept by ACL LOG."));
        t.add(Param.of("busy-reply-threshold", integer(0, LONG_MAX), "5000").alias("lua-time-limit")
                .doc("Milliseconds before a long script makes other clients get BUSY."));
        t.add(Param.of("slowlog-log-slower-than", integer(-1, LONG_MAX), "10000").doc("Microseconds above which a command is logged in SLOWLOG."));
        t.add(Param.of("slowlog-max-len", integer(0, LONG_MAX), "128").doc("SLOWLOG length."));
        t.add(Param.of("latency-monitor-threshold", integer(0, LONG_MAX), "0")
                .doc("Milliseconds above which LATENCY records a `command` event (0 = off)."));
        t.add(Param.of("notify-keyspace-events", new ParamType.Text(RedisParams::keyspaceEvents, "event classes"), "")
                .doc("Keyspace notification classes (Redis's flags), live: this node publishes the events of the "
                        + "entries it applies, the same on every node (docs/pubsub.md)."));
        // Encodings: accepted so existing redis.conf files load; Redraft's store ignores them.
        t.add(Param.of("hash-max-listpack-entries", integer(0, LONG_MAX), "128").alias("hash-max-ziplist-entries").doc("Accepted and stored."));
        t.add(Param.of("hash-max-listpack-value", memory(0, LONG_MAX), "64").alias("hash-max-ziplist-value").doc("Accepted and stored."));
        t.add(Param.of("list-max-listpack-size", integer(INT_MIN, INT_MAX), "-2").alias("list-max-ziplist-size").doc("Accepted and stored."));
        t.add(Param.of("list-compress-depth", integer(0, INT_MAX), "0").doc("Accepted and stored."));
        t.add(Param.of("set-max-intset-entries", integer(0, LONG_MAX), "512").doc("Accepted and stored."));
        t.add(Param.of("set-max-listpack-entries", integer(0, LONG_MAX), "128").doc("Accepted and stored."));
        t.add(Param.of("set-max-listpack-value", memory(0, LONG_MAX), "64").doc("Accepted and stored."));
        t.add(Param.of("zset-max-listpack-entries", integer(0, LONG_MAX), "128").alias("zset-max-ziplist-entries").doc("Accepted and stored."));
        t.add(Param.of("zset-max-listpack-value", memory(0, LONG_MAX), "64").alias("zset-max-ziplist-value").doc("Accepted and stored."));
        // The rest of a stock redis.conf, so it loads once databases/save are fixed.
        t.add(Param.of("client-output-buffer-limit", new ParamType.BufferLimits(),
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
                .doc("Output buffer limits per client class: `<class> <hard> <soft> <soft-seconds>`, 0 = none. "
                        + "`normal` applies to every client without a subscription, `pubsub` to those with one "
                        + "(replies and messages it has not read yet: over `hard`, or over `soft` for longer than "
                        + "`soft-seconds`, it is closed); `replica`/`slave` is accepted and stored."));
        t.add(Param.of("shutdown-timeout", integer(0, INT_MAX), "10").doc("Seconds SHUTDOWN and SIGTERM wait for a graceful stop."));
        t.add(Param.of("proc-title-template", text(), "{title} {listen-addr} {server-mode}").doc("Accepted and stored."));
        t.add(Param.of("rdb-del-sync-files", bool(), "no").doc("Accepted and stored."));
        t.add(Param.of("replica-serve-stale-data", bool(), "yes").alias("slave-serve-stale-data").doc("Accepted and stored."));
        t.add(Param.of("replica-priority", integer(0, INT_MAX), "100").alias("slave-priority").doc("Accepted and stored."));
        t.add(Param.of("replica-lazy-flush", bool(), "no").alias("slave-lazy-flush").doc("Accepted and stored."));
        t.add(Param.of("repl-diskless-sync", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("repl-diskless-sync-delay", integer(0, INT_MAX), "5").doc("Accepted and stored."));
        t.add(Param.of("repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0").doc("Accepted and stored."));
        t.add(Param.of("repl-diskless-load", choice("disabled", "on-empty-db", "swapdb"), "disabled").doc("Accepted and stored."));
        t.add(Param.of("repl-disable-tcp-nodelay", bool(), "no").doc("Accepted and stored."));
        t.add(Param.of("min-replicas-to-write", integer(0, INT_MAX), "0").alias("min-slaves-to-write").doc("Accepted and stored."));
        t.add(Param.of("min-replicas-max-lag", integer(0, INT_MAX), "10").alias("min-slaves-max-lag").doc("Accepted and stored."));
        t.add(Param.of("oom-score-adj", choice("no", "yes", "relative", "absolute"), "no").doc("Accepted and stored."));
        t.add(Param.of("oom-score-adj-values", new ParamType.Words(RedisParams::oomValues, "three integers"), "0 200 800")
                .doc("Accepted and stored."));
        t.add(Param.of("disable-thp", bool(), "yes").flags(IMMUTABLE).doc("Accepted and stored."));
        t.add(Param.of("no-appendfsync-on-rewrite", bool(), "no").doc("Accepted and stored."));
        t.add(Param.of("auto-aof-rewrite-percentage", integer(0, INT_MAX), "100").doc("Accepted and stored."));
        t.add(Param.of("auto-aof-rewrite-min-size", memory(0, LONG_MAX), "67108864").doc("Accepted and stored."));
        t.add(Param.of("aof-load-truncated", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("aof-use-rdb-preamble", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("aof-timestamp-enabled", bool(), "no").doc("Accepted and stored."));
        t.add(Param.of("aof-rewrite-incremental-fsync", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("rdb-save-incremental-fsync", bool(), "yes")
                .doc("A snapshot being written is synced every 4 MB (Redis's step), not only at its end."));
        t.add(Param.of("hll-sparse-max-bytes", memory(0, LONG_MAX), "3000").doc("Accepted and stored."));
        t.add(Param.of("stream-node-max-bytes", memory(0, LONG_MAX), "4096").doc("Accepted and stored."));
        t.add(Param.of("stream-node-max-entries", integer(0, LONG_MAX), "100").doc("Accepted and stored."));
        t.add(Param.of("lfu-log-factor", integer(0, INT_MAX), "10").doc("Accepted and stored."));
        t.add(Param.of("lfu-decay-time", integer(0, INT_MAX), "1").doc("Accepted and stored."));
        t.add(Param.of("active-expire-effort", integer(1, 10), "1").doc("Accepted and stored."));
        t.add(Param.of("activedefrag", bool(), "no").doc("Accepted and stored."));
        t.add(Param.of("jemalloc-bg-thread", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("crash-log-enabled", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("crash-memcheck-enabled", bool(), "yes").doc("Accepted and stored."));
        t.add(Param.of("latency-tracking", bool(), "yes").doc("Per-command latency histograms (INFO latencystats, LATENCY HISTOGRAM)."));
        t.add(Param.of("tracking-table-max-keys", integer(0, LONG_MAX), "1000000")
                .doc("Keys client tracking remembers at most on this node; beyond it the oldest are invalidated early (0: no bound)."));
        t.add(Param.of("acl-pubsub-default", choice("allchannels", "resetchannels"), "resetchannels").doc("Channels new ACL users, selectors and reset start with."));
        t.add(Param.of("sanitize-dump-payload", choice("no", "yes", "clients"), "no").doc("Accepted and stored."));
        t.add(Param.of("locale-collate", text(), "").doc("Accepted and stored."));
        t.add(Param.of("ignore-warnings", text(), "").doc("Accepted and stored."));
        // TLS (docs/security.md): Redis 7.0's directives; a change of a tls-* file or setting rebuilds
        // the contexts for new connections (net/tls/Tls).
        t.add(Param.of("tls-port", integer(0, 65535), "0")
                .doc("TLS port for clients and for the other nodes (0 = none); with `port 0` the node serves TLS only."));
        t.add(Param.of("tls-cert-file", text(), "").doc("PEM certificate (chain) the node presents on its TLS port."));
        t.add(Param.of("tls-key-file", text(), "").doc("PEM PKCS#8 private key of `tls-cert-file`, plain or encrypted."));
        t.add(Param.of("tls-key-file-pass", text(), "").flags(SENSITIVE).doc("Password of an encrypted `tls-key-file`."));
        t.add(Param.of("tls-client-cert-file", text(), "")
                .doc("Certificate presented on links to other nodes; empty = `tls-cert-file`."));
        t.add(Param.of("tls-client-key-file", text(), "").doc("Private key of `tls-client-cert-file`."));
        t.add(Param.of("tls-client-key-file-pass", text(), "").flags(SENSITIVE).doc("Password of an encrypted `tls-client-key-file`."));
        t.add(Param.of("tls-dh-params-file", text(), "").doc("Accepted and stored: the TLS engines pick their own DH groups."));
        t.add(Param.of("tls-ca-cert-file", text(), "").doc("PEM bundle of the CAs that client and peer certificates must chain to."));
        t.add(Param.of("tls-ca-cert-dir", text(), "").doc("Directory of CA certificates (every file that parses as PEM)."));
        t.add(Param.of("tls-auth-clients", choice("no", "yes", "optional"), "yes")
                .doc("Client certificates on the TLS port: required, not asked for, or checked when sent."));
        t.add(Param.of("tls-replication", bool(), "no").doc("Accepted and stored: links to other nodes follow `raft.tls-enabled`."));
        t.add(Param.of("tls-cluster", bool(), "no").doc("Accepted and stored: links to other nodes follow `raft.tls-enabled`."));
        t.add(Param.of("tls-protocols", text(), "")
                .doc("Space-separated protocols among TLSv1, TLSv1.1, TLSv1.2, TLSv1.3; empty = TLSv1.2 TLSv1.3."));
        t.add(Param.of("tls-ciphers", text(), "").doc("TLSv1.2 cipher suites, colon-separated names (OpenSSL's or the JDK's)."));
        t.add(Param.of("tls-ciphersuites", text(), "").doc("TLSv1.3 cipher suites, colon-separated."));
        t.add(Param.of("tls-prefer-server-ciphers", bool(), "no").doc("Choose the cipher by the server's order, not the client's."));
        t.add(Param.of("tls-session-caching", bool(), "yes").doc("Cache TLS sessions so that clients can resume them."));
        t.add(Param.of("tls-session-cache-size", integer(0, INT_MAX), "20480").doc("Sessions kept in the cache."));
        t.add(Param.of("tls-session-cache-timeout", integer(0, INT_MAX), "300").doc("Seconds a cached session may be resumed."));
        return t;
    }

    static ParamType integer(long min, long max) {
        return new ParamType.Number(min, max, false, "");
    }

    static ParamType memory(long min, long max) {
        return new ParamType.Number(min, max, true, "");
    }

    static ParamType bool() {
        return new ParamType.Bool();
    }

    static ParamType text() {
        return new ParamType.Text();
    }

    static ParamType choice(String... names) {
        return new ParamType.Choice(List.of(names));
    }

    private static List<String> bind(List<String> words) throws InvalidValue {
        // A single empty word means "no addresses", as CONFIG SET bind "" in Redis.
        List<String> w = words.size() == 1 && words.get(0).isEmpty() ? List.of() : words;
        if (w.size() > 16) throw new InvalidValue("Too many bind addresses specified.");
        return w;
    }

    private static List<String> save(List<String> words) throws InvalidValue {
        List<String> w = words.size() == 1 && words.get(0).isEmpty() ? List.of() : words;
        if (w.size() % 2 != 0) throw new InvalidValue("Invalid save parameters");
        for (int i = 0; i < w.size(); i++) {
            var v = MemoryValue.parseInteger(w.get(i));
            if (v.isEmpty() || v.getAsLong() < (i % 2 == 0 ? 1 : 0)) throw new InvalidValue("Invalid save parameters");
        }
        return w;
    }

    private static List<String> replicaOf(List<String> words) throws InvalidValue {
        if (words.isEmpty()) return words; // the default: not a replica
        if (words.size() != 2) throw new InvalidValue("wrong number of arguments");
        if (words.get(0).equalsIgnoreCase("no") && words.get(1).equalsIgnoreCase("one")) return List.of();
        var port = MemoryValue.parseInteger(words.get(1));
        if (port.isEmpty() || port.getAsLong() < 0 || port.getAsLong() > 65535) throw new InvalidValue("Invalid master port");
        return words;
    }

    private static List<String> oomValues(List<String> words) throws InvalidValue {
        if (words.size() != 3) throw new InvalidValue("wrong number of arguments");
        for (String w : words) {
            var v = MemoryValue.parseInteger(w);
            if (v.isEmpty() || v.getAsLong() < -2000 || v.getAsLong() > 2000) {
                throw new InvalidValue("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
        }
        return words;
    }

    private static String baseName(String v, String name) throws InvalidValue {
        if (v.indexOf('/') >= 0) throw new InvalidValue(name + " can't be a path, just a filename");
        return v;
    }

    private static String directory(Path cwd, String v) throws InvalidValue {
        Path p = cwd.resolve(v).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new InvalidValue("No such file or directory");
        if (!Files.isDirectory(p)) throw new InvalidValue("Not a directory");
        return p.toString();
    }

    /** Stored as Redis prints it back (CONFIG GET of "KEA" is "AKE"), parsed by the store's events code. */
    private static String keyspaceEvents(String v) throws InvalidValue {
        int flags = io.redraft.store.notify.NotifyFlags.parse(v);
        if (flags < 0) throw new InvalidValue(io.redraft.store.notify.NotifyFlags.INVALID);
        return io.redraft.store.notify.NotifyFlags.format(flags);
    }
}

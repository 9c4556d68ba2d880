package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * INFO [section ...]: Redis's sections plus the Raft ones, with {@code cluster_enabled:1} as
 * RedisRaft always rewrites it. Like Redis 7, module sections ({@code raft_*}) appear only when
 * asked for by name, by "raft", or by "everything".
 */
final class InfoCommand {
    private static final List<String> DEFAULT =
            List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats",
                    "cluster", "keyspace");
    /** Every Redis section, in the order Redis prints them (INFO all, INFO everything). */
    private static final List<String> ALL =
            List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats",
                    "errorstats", "latencystats", "cluster", "keyspace");

    private final NodeThread node;
    private final NodeContext ctx;

    InfoCommand(NodeThread node) {
        this.node = node;
        this.ctx = node.context();
    }

    void run(ClientSession s, byte[][] argv, ClusterRole role, ReplySink out) {
        Set<String> asked = new LinkedHashSet<>();
        boolean raftAll = false;
        if (argv.length == 1) asked.addAll(DEFAULT);
        for (int i = 1; i < argv.length; i++) {
            String a = lower(argv[i]);
            switch (a) {
                case "default" -> asked.addAll(DEFAULT);
                case "all" -> asked.addAll(ALL);
                case "everything" -> {
                    asked.addAll(ALL);
                    raftAll = true;
                }
                case "raft" -> raftAll = true;
                case "modules" -> {
                    asked.add("modules");
                    raftAll = true;
                }
                default -> asked.add(a);
            }
        }
        List<InfoSection> sections = new ArrayList<>();
        for (String name : ALL) if (asked.contains(name)) sections.add(section(name, role));
        for (InfoSection r : role.infoSections()) {
            if (raftAll || asked.contains(r.title())) sections.add(r);
        }
        StringBuilder sb = new StringBuilder();
        for (InfoSection sec : sections) {
            if (sb.length() > 0) sb.append("\r\n");
            sec.appendTo(sb);
        }
        out.verbatim("txt", Replies.bytes(sb.toString()));
    }

    private InfoSection memory(long used, Runtime rt) {
        long rss = ProcessMemory.rss(); // one read of /proc for both fields
        return new InfoSection("Memory")
                .field("used_memory", used)
                .field("used_memory_human", human(used))
                .field("used_memory_rss", rss)
                .field("used_memory_rss_human", human(rss))
                .field("used_memory_peak", rt.totalMemory())
                .field("used_memory_peak_human", human(rt.totalMemory()))
                .field("total_system_memory", rt.maxMemory())
                .field("maxmemory", ctx.config.maxmemory())
                .field("maxmemory_human", human(ctx.config.maxmemory()))
                .field("maxmemory_policy", "noeviction")
                // As MEMORY STATS's fragmentation: the heap committed over the heap in use.
                .field("mem_fragmentation_ratio", String.format(java.util.Locale.ROOT, "%.2f",
                        used == 0 ? 1.0 : (double) rt.totalMemory() / used))
                .field("mem_fragmentation_bytes", rt.totalMemory() - used)
                .field("mem_allocator", "jvm")
                // Redraft's own: the heap after the last collection, and the soft limit set from it.
                .field("jvm_heap_live", HeapGovernor.live())
                .field("jvm_heap_soft_max", HeapGovernor.softMaxInForce());
    }

    private InfoSection section(String name, ClusterRole role) {
        long uptime = (System.currentTimeMillis() - ctx.startMillis) / 1000;
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return switch (name) {
            case "server" -> new InfoSection("Server")
                    .field("redis_version", NodeContext.REDIS_VERSION)
                    // Redis's, as a release build of the Redis we follow shows them; Redraft's own
                    // version and commit are raft_version and raft_git_sha1 (INFO raft).
                    .field("redis_git_sha1", "00000000")
                    .field("redis_git_dirty", 0)
                    .field("redis_build_id", "0")
                    .field("redis_mode", "standalone")
                    .field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"))
                    .field("arch_bits", 64)
                    .field("multiplexing_api", io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio")
                    .field("process_id", ProcessHandle.current().pid())
                    .field("run_id", ctx.runId)
                    .field("tcp_port", ctx.boundPort)
                    .field("server_time_usec", ctx.clock.millis() * 1000)
                    .field("uptime_in_seconds", uptime)
                    .field("uptime_in_days", uptime / 86400)
                    .field("hz", ctx.config.hz())
                    .field("configured_hz", ctx.config.hz())
                    .field("executable", "")
                    .field("config_file", "");
            case "clients" -> new InfoSection("Clients")
                    .field("connected_clients", node.sessionCount())
                    .field("cluster_connections", 0)
                    .field("maxclients", ctx.config.maxclients())
                    .field("client_recent_max_input_buffer", 0)
                    .field("client_recent_max_output_buffer", maxOutputBuffer())
                    .field("blocked_clients", node.blockedCount())
                    .field("tracking_clients", node.pubsub().tracking().clientCount())
                    .field("clients_in_timeout_table", 0);
            case "memory" -> memory(used, rt);
            case "persistence" -> new InfoSection("Persistence")
                    .field("loading", 0)
                    .field("rdb_changes_since_last_save", 0)
                    .field("rdb_bgsave_in_progress", 0)
                    .field("aof_enabled", 0);
            case "stats" -> new InfoSection("Stats")
                    .field("total_connections_received", ctx.stats.connectionsReceived)
                    .field("total_commands_processed", ctx.stats.commandsProcessed)
                    .field("instantaneous_ops_per_sec", 0)
                    .field("rejected_connections", ctx.stats.rejectedConnections)
                    .field("total_error_replies", ctx.stats.errorReplies)
                    .field("client_output_buffer_limit_disconnections", ctx.stats.outputBufferLimitDisconnections)
                    .field("pubsub_channels", node.pubsub().channels())
                    .field("pubsub_patterns", node.pubsub().patterns())
                    .field("pubsubshard_channels", node.pubsub().shardChannels())
                    .field("tracking_total_keys", node.pubsub().tracking().keyCount())
                    .field("acl_access_denied_auth", ctx.acl.deniedAuth())
                    .field("acl_access_denied_cmd", ctx.acl.deniedCmd())
                    .field("acl_access_denied_key", ctx.acl.deniedKey())
                    .field("acl_access_denied_channel", ctx.acl.deniedChannel())
                    .field("acl_cluster_auth_refused", ctx.acl.clusterAuthRefused())
                    .field("internal_error_replies", ctx.internalErrors.count);
            case "replication" -> new InfoSection("Replication")
                    .field("role", "master")
                    .field("connected_slaves", 0);
            case "cpu" -> {
                var os = ManagementFactory.getOperatingSystemMXBean();
                double cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
                yield new InfoSection("CPU")
                        .field("used_cpu_sys", String.format(java.util.Locale.ROOT, "%.6f", 0.0))
                        .field("used_cpu_user", String.format(java.util.Locale.ROOT, "%.6f", cpu));
            }
            case "cluster" -> new InfoSection("Cluster").field("cluster_enabled", 1);
            // RedisRaft's module is Redraft itself: no module is loaded.
            case "modules" -> new InfoSection("Modules");
            case "commandstats" -> node.commandLog.stats.commandstats();
            case "latencystats" -> node.commandLog.stats.latencystats();
            case "errorstats" -> {
                InfoSection e = new InfoSection("Errorstats");
                ctx.stats.errorCodes.forEach((code, n) -> e.field("errorstat_" + code, "count=" + n));
                yield e;
            }
            case "keyspace" -> {
                InfoSection k = new InfoSection("Keyspace");
                k.lines.addAll(role.keyspaceLines());
                yield k;
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Redis shows the largest of the last few seconds; the largest now is close enough for monitoring. */
    private long maxOutputBuffer() {
        long max = 0;
        for (ClientSession c : node.sessions()) max = Math.max(max, OutputBufferLimit.pendingBytes(c));
        return max;
    }

    private static String human(long bytes) {
        if (bytes < 1024) return bytes + "B";
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.2fK", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.2fM", bytes / (1024.0 * 1024));
        return String.format(java.util.Locale.ROOT, "%.2fG", bytes / (1024.0 * 1024 * 1024));
    }
}

package io.redraft.server.config;

import static io.redraft.server.config.Param.Flag.HIDDEN;
import static io.redraft.server.config.Param.Flag.IMMUTABLE;
import static io.redraft.server.config.Param.Flag.LOCKED_AFTER_INIT;
import static io.redraft.server.config.Param.Flag.MODULE;
import static io.redraft.server.config.Param.Flag.SENSITIVE;
import static io.redraft.server.config.RedisParams.bool;
import static io.redraft.server.config.RedisParams.choice;
import static io.redraft.server.config.RedisParams.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RedisRaft's module configs ({@code raft.*}), with RedisRaft's defaults, ranges and messages. */
final class RaftParams {
    private RaftParams() {}

    static final String LOCKED = "Configuration change is not allowed after init/join for this parameter";
    static final String BAD_ADDR = "Address is invalid. It must be in the form of 10.0.0.3:8000";
    static final String BAD_SLOTS = "Not a valid slot config";

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LLONG_MAX = Long.MAX_VALUE;

    static List<Param> table() {
        List<Param> t = new ArrayList<>();
        t.add(raft("id", integer(0, INT_MAX, ""), "0").flags(LOCKED_AFTER_INIT)
                .doc("Node id; 0 = chosen at init/join."));
        t.add(raft("addr", new ParamType.Text(RaftParams::address, "host:port"), "").flags(LOCKED_AFTER_INIT)
                .doc("Address other nodes use to reach this one; empty = first non-loopback interface and `port`."));
        t.add(raft("log-filename", text(), "redisraft.db").flags(LOCKED_AFTER_INIT)
                .doc("Base name of the Raft log files, in `dir`."));
        t.add(raft("periodic-interval", integer(1, INT_MAX, "ms"), "100")
                .doc("Raft tick: heartbeats, election timer, snapshot and cache housekeeping."));
        t.add(raft("request-timeout", integer(1, INT_MAX, "ms"), "200")
                .doc("Heartbeat / AppendEntries resend interval; applied live."));
        t.add(raft("election-timeout", integer(1, INT_MAX, "ms"), "1000")
                .doc("Election timeout T, randomized in [T, 2T); applied live."));
        t.add(raft("connection-timeout", integer(1, INT_MAX, "ms"), "3000").doc("TCP connect timeout to other nodes."));
        t.add(raft("join-timeout", integer(1, INT_MAX, "ms"), "120000").doc("Time limit of RAFT.CLUSTER JOIN attempts."));
        t.add(raft("response-timeout", integer(1, INT_MAX, "ms"), "1000")
                .doc("A node link waiting longer for a reply is dropped and reconnected."));
        t.add(raft("proxy-response-timeout", integer(1, INT_MAX, "ms"), "10000")
                .doc("Same, for commands a follower proxies to the leader."));
        t.add(raft("reconnect-interval", integer(1, INT_MAX, "ms"), "100").doc("Period of reconnect attempts to other nodes."));
        t.add(raft("follower-proxy", bool(), "no").doc("Followers forward commands to the leader instead of replying MOVED."));
        t.add(raft("quorum-reads", bool(), "yes").doc("Reads are confirmed by a quorum before they run."));
        t.add(raft("log-fsync", bool(), "yes").doc("fsync the Raft log before acknowledging writes."));
        t.add(raft("log-max-file-size", memory(0, LLONG_MAX), "128000000")
                .doc("Log size that triggers a snapshot and log compaction (0 = never); applied live (checked every tick)."));
        t.add(raft("log-max-cache-size", memory(0, LLONG_MAX), "64000000")
                .doc("Memory for cached log entries (0 = unbounded); applied live (a lower bound evicts at once)."));
        t.add(raft("append-req-max-count", integer(1, INT_MAX, ""), "2").doc("Maximum AppendEntries in flight per follower."));
        t.add(raft("append-req-max-size", memory(1, INT_MAX), "2097152")
                .doc("Approximate maximum entry bytes per AppendEntries (the first entry is always sent)."));
        t.add(raft("snapshot-req-max-count", integer(1, INT_MAX, ""), "32").doc("Maximum snapshot chunks in flight per follower."));
        t.add(raft("snapshot-req-max-size", memory(1, INT_MAX), "65536").doc("Snapshot chunk size."));
        t.add(raft("sharding", bool(), "no").doc("Enables RAFT.SHARDGROUP and shard-group refresh."));
        t.add(raft("external-sharding", bool(), "no").flags(LOCKED_AFTER_INIT).doc("Sharding driven by an external orchestrator."));
        t.add(raft("slot-config", new ParamType.Text(RaftParams::slots, "`N`, `A:B` or empty"), "0:16383").flags(LOCKED_AFTER_INIT)
                .doc("Hash slots of the local shard group."));
        t.add(raft("shardgroup-update-interval", integer(1, INT_MAX, "ms"), "5000").doc("Refresh period of linked shard groups."));
        t.add(raft("ignored-commands", text(), "")
                .doc("Comma-separated commands executed locally, never replicated (lower case)."));
        t.add(raft("scan-size", integer(1, LLONG_MAX, ""), "1000").doc("COUNT used by RAFT.SCAN."));
        t.add(raft("tls-enabled", bool(), "no")
                .doc("TLS on every link to another node, with `tls-client-cert-file` (else `tls-cert-file`), the peer "
                        + "verified against `tls-ca-cert-file`/`-dir`; needs `tls-port` (docs/security.md)."));
        t.add(raft("cluster-user", text(), "default").doc("ACL user for links to other nodes."));
        t.add(raft("cluster-password", text(), "").flags(HIDDEN, SENSITIVE).doc("Password for links to other nodes."));
        t.add(raft("loglevel", choice("debug", "verbose", "notice", "warning"), "notice")
                .doc("Raft log verbosity (`loglevel` still filters)."));
        t.add(raft("trace", new ParamType.Flags(traceBits()), "off")
                .doc("Debug traces. Setting a flag toggles it; `off` and `all` set. Logged at debug level."));
        t.add(raft("log-delay-apply", integer(0, LLONG_MAX, "µs"), "0").flags(HIDDEN)
                .doc("Test: each entry is applied at least this long after the previous one (RedisRaft sleeps; Redraft keeps serving meanwhile); applied live."));
        t.add(raft("log-disable-apply", bool(), "no").flags(HIDDEN)
                .doc("Test: committed entries are not applied (commits go on) until set back to `no`; applied live."));
        t.add(raft("test-net-faults", bool(), "no").flags(HIDDEN)
                .doc("Test: allow RAFT.DEBUG NETDROP, which makes this node ignore other nodes' Raft traffic."));
        t.add(raft("snapshot-delay", integer(0, LLONG_MAX, "s"), "0").flags(HIDDEN).doc("Test: delay before writing a snapshot."));
        t.add(raft("snapshot-fail", bool(), "no").flags(HIDDEN).doc("Test: snapshots fail."));
        t.add(raft("snapshot-disable", bool(), "no").flags(HIDDEN).doc("Test: no automatic snapshots."));
        t.add(raft("snapshot-disable-load", bool(), "no").flags(HIDDEN)
                .doc("Test: a received snapshot is kept but not loaded, the node stays `loading`; set back to `no`, it is loaded."));
        t.add(raft("migration-batch-size", memory(1, INT_MAX), "8388608")
                .doc("Most DUMP bytes one RAFT.IMPORT of a MIGRATE carries; a bigger key is sent in parts, applied whole."));
        t.add(raft("migration-debug", choice("none", "fail-connect", "fail-import", "fail-unlock", "fail-part"), "none").flags(HIDDEN)
                .doc("Test: migration fault injection (`fail-part`: the connection drops after a big key's first part)."));
        t.add(raft("test-hooks", bool(), "no").flags(HIDDEN, IMMUTABLE)
                .doc("Test only: enables RAFT.DEBUG CLOCK (wall-clock offset) and RAFT.DEBUG FSYNC-DELAY (slow disk) for fault injection."));
        return t;
    }

    /** raft.trace's names and bits, in RedisRaft's order (CONFIG GET prints set names in it). */
    static Map<String, Integer> traceBits() {
        Map<String, Integer> bits = new LinkedHashMap<>();
        bits.put("off", 0);
        int all = 0;
        for (TraceComponent c : TraceComponent.values()) {
            bits.put(c.configName(), c.bit());
            all |= c.bit();
        }
        bits.put("all", all);
        return bits;
    }

    private static Param.Builder raft(String name, ParamType type, String def) {
        return Param.of("raft." + name, type, def).flags(MODULE);
    }

    private static ParamType integer(long min, long max, String unit) {
        return new ParamType.Number(min, max, false, unit);
    }

    private static ParamType memory(long min, long max) {
        return new ParamType.Number(min, max, true, "");
    }

    /** RedisRaft's NodeAddrParse: the last ':' splits host and port; port 1..65535; "" = automatic. */
    static String address(String v) throws InvalidValue {
        if (v.isEmpty()) return v;
        int colon = v.lastIndexOf(':');
        if (colon < 0) throw new InvalidValue(BAD_ADDR);
        String port = v.substring(colon + 1);
        if (port.isEmpty() || port.length() >= 32 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValue(BAD_ADDR);
        }
        long p = Long.parseLong(port.length() > 10 ? "99999999999" : port);
        if (p < 1 || p > 65535) throw new InvalidValue(BAD_ADDR);
        return v;
    }

    /** {@code N}, {@code A:B}, or a comma list of them (the seed's {@code 0:100,200,300:400}). */
    static String slots(String v) throws InvalidValue {
        if (io.redraft.server.shard.SlotConfig.parse(v) == null) throw new InvalidValue(BAD_SLOTS);
        return v;
    }
}

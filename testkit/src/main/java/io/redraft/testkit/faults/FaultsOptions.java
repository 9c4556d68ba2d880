package io.redraft.testkit.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one fault-injection run does; parsed from {@code bin/redraft-faults}'s command line.
 *
 * @param nemeses the requested faults, implemented or not ({@link #IMPLEMENTED} says which run)
 * @param out     where the history, node logs and report go; null for none
 * @param sessions list-append clients open a client session (CLIENT SESSION) and retry an
 *                 indeterminate write with the same sequence number, so it applies exactly once
 * @param shards   0: one Raft group; N: N linked shard groups of {@code nodes} nodes each, the
 *                 clients cluster-aware, every nemesis acting within each group
 * @param tls      every node serves TLS only and its links use TLS ({@code raft.tls-enabled}); the
 *                 harness's connections present a client certificate (ClusterSecurity)
 * @param acl      the nodes run with ACL users: the workload's clients log in as a user without
 *                 {@code @admin}/{@code @raft}, the links as {@code raft.cluster-user}
 */
public record FaultsOptions(int nodes, int timeLimitSeconds, Set<String> nemeses, int clients, long seed,
        boolean followerProxy, String logMaxFileSize, String workload, Path out, boolean sessions, int shards,
        boolean tls, boolean acl) {
    public static final Set<String> IMPLEMENTED = Set.of("kill", "pause", "partition", "clock", "member", "island", "disk", "migrate");
    public static final Set<String> KNOWN = Set.of("kill", "pause", "partition", "clock", "member", "island", "disk", "migrate");

    public FaultsOptions {
        nemeses = Set.copyOf(new LinkedHashSet<>(nemeses));
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1");
        if (timeLimitSeconds < 1) throw new IllegalArgumentException("--time-limit must be at least 1");
        if (clients < 1) throw new IllegalArgumentException("--clients must be at least 1");
        if (shards < 0) throw new IllegalArgumentException("--shards must be at least 1");
        if (shards > 0 && !workload.equals("list-append")) throw new IllegalArgumentException("--shards runs the list-append workload only");
        if (nemeses.contains("migrate") && shards < 2) throw new IllegalArgumentException("--nemesis migrate needs --shards 2 or more");
        // Client sessions live in one group's log: a retried append that follows its key to another
        // group would not be recognised there, so migrations run with plain at-least-once clients.
        if (nemeses.contains("migrate") && sessions) throw new IllegalArgumentException("--nemesis migrate needs --sessions no");
        if (!workload.equals("list-append") && !workload.equals("register") && !workload.equals("lua-cas")
                && !workload.equals("queue") && !workload.equals("stream")) {
            throw new IllegalArgumentException("--workload must be list-append, register, lua-cas, queue or stream, not " + workload);
        }
        for (String n : nemeses) {
            if (!KNOWN.contains(n) && !n.equals("none")) throw new IllegalArgumentException("unknown nemesis " + n + "; known: " + KNOWN);
        }
    }

    /** Without TLS and ACL. */
    public FaultsOptions(int nodes, int timeLimitSeconds, Set<String> nemeses, int clients, long seed,
            boolean followerProxy, String logMaxFileSize, String workload, Path out, boolean sessions, int shards) {
        this(nodes, timeLimitSeconds, nemeses, clients, seed, followerProxy, logMaxFileSize, workload, out, sessions, shards,
                false, false);
    }

    /** The same run with TLS and/or ACL on. */
    public FaultsOptions secured(boolean withTls, boolean withAcl) {
        return new FaultsOptions(nodes, timeLimitSeconds, nemeses, clients, seed, followerProxy, logMaxFileSize, workload,
                out, sessions, shards, withTls, withAcl);
    }

    /** One group. */
    public FaultsOptions(int nodes, int timeLimitSeconds, Set<String> nemeses, int clients, long seed,
            boolean followerProxy, String logMaxFileSize, String workload, Path out, boolean sessions) {
        this(nodes, timeLimitSeconds, nemeses, clients, seed, followerProxy, logMaxFileSize, workload, out, sessions, 0);
    }

    /** Sessions on: the default. */
    public FaultsOptions(int nodes, int timeLimitSeconds, Set<String> nemeses, int clients, long seed,
            boolean followerProxy, String logMaxFileSize, String workload, Path out) {
        this(nodes, timeLimitSeconds, nemeses, clients, seed, followerProxy, logMaxFileSize, workload, out, true);
    }

    public static FaultsOptions defaults() {
        return new FaultsOptions(3, 60, Set.of("kill", "pause"), 5, 1, false, null, "list-append", null, true, 0, false, false);
    }

    public static final String USAGE = """
            usage: bin/redraft-faults [options]
              --nodes N               cluster size (default 3); with --shards, nodes per group
              --shards N              N shard groups (raft.sharding yes, the slots split evenly), linked;
                                      list-append keys spread over every group through a cluster-aware
                                      client; each nemesis acts within every group (default: one group,
                                      no sharding); partitions then use the servers' hook
              --time-limit S          seconds of faults and client load (default 60)
              --nemesis LIST          comma list of kill,pause,partition,clock,member,island,disk, or none
                                      (default kill,pause); partition and island put each node in its own
                                      network namespace (root + iptables) or else use the servers'
                                      test-only hook (raft.test-net-faults); clock and disk need the
                                      servers' raft.test-hooks (set for them); disk-full needs root (a
                                      tmpfs per node), else disk is only slow fsyncs
              --clients N             concurrent clients (default 5)
              --seed N                random seed for the nemesis and the workload (default 1)
              --follower-proxy        start nodes with raft.follower-proxy yes
              --log-max-file-size X   raft.log-max-file-size for every node (e.g. 64kb: frequent snapshots)
              --workload W            list-append (default), register, lua-cas, queue (RPUSH
                                      producers, BLPOP consumers, checked for exactly-once delivery),
                                      or stream (XADD producers, a consumer group with XREADGROUP,
                                      XACK, XAUTOCLAIM of a stalled consumer's entries)
              --out DIR               write history.jsonl, report.txt and every node's log there
              --sessions yes|no       list-append retries indeterminate writes in a client session,
                                      exactly once (default yes); no: gives up on them (at-least-once)
              --tls                   TLS on every link: the nodes serve TLS only (tls-auth-clients yes,
                                      raft.tls-enabled yes), with a CA and certificates made for the run
              --acl                   ACL users: clients log in as 'app' (no @admin, no @raft), the
                                      nodes' links as raft.cluster-user 'peer' (only @raft)
            """;

    public static FaultsOptions parse(String... args) {
        FaultsOptions o = defaults();
        int nodes = o.nodes, time = o.timeLimitSeconds, clients = o.clients;
        long seed = o.seed;
        Set<String> nemeses = o.nemeses;
        boolean proxy = false, tls = false, acl = false;
        String logMax = null, workload = o.workload;
        Path out = null;
        boolean sessions = o.sessions;
        int shards = o.shards;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--follower-proxy" -> proxy = true;
                case "--tls" -> tls = true;
                case "--acl" -> acl = true;
                case "--nodes" -> nodes = Integer.parseInt(value(args, ++i, a));
                case "--time-limit" -> time = Integer.parseInt(value(args, ++i, a));
                case "--shards" -> {
                    shards = Integer.parseInt(value(args, ++i, a));
                    if (shards < 1) throw new IllegalArgumentException("--shards must be at least 1");
                }
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--log-max-file-size" -> logMax = value(args, ++i, a);
                case "--workload" -> workload = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--sessions" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("yes") && !v.equals("no")) throw new IllegalArgumentException("--sessions takes yes or no");
                    sessions = v.equals("yes");
                }
                case "--nemesis" -> {
                    List<String> list = new ArrayList<>();
                    for (String n : value(args, ++i, a).split(",")) if (!n.isBlank() && !n.equals("none")) list.add(n.trim());
                    for (String n : list) if (!KNOWN.contains(n)) throw new IllegalArgumentException("unknown nemesis " + n);
                    nemeses = new LinkedHashSet<>(list);
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new FaultsOptions(nodes, time, nemeses, clients, seed, proxy, logMax, workload, out, sessions, shards, tls, acl);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    /** Requested faults this harness cannot inject yet. */
    public List<String> notImplemented() {
        return nemeses.stream().filter(n -> !IMPLEMENTED.contains(n)).sorted().toList();
    }

    /** Extra server arguments for every node. */
    public String[] serverArgs() {
        List<String> a = new ArrayList<>();
        if (followerProxy) a.addAll(List.of("--raft.follower-proxy", "yes"));
        if (logMaxFileSize != null) a.addAll(List.of("--raft.log-max-file-size", logMaxFileSize));
        // The clock offset and the fsync delay are refused without it (and must be in production).
        if (nemeses.contains("clock") || nemeses.contains("disk")) a.addAll(List.of("--raft.test-hooks", "yes"));
        return a.toArray(String[]::new);
    }
}

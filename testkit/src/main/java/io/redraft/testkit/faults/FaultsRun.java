package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.HeapHistogram;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fault-injection run: form a cluster of real Redraft processes, run the workload's clients
 * while the nemesis injects faults, heal everything, read the final state, then check the history
 * and the node logs. With {@code --shards N} the cluster is N linked shard groups: each group gets
 * its own nemesis runner (so faults hit every group, one at a time within a group) and the
 * clients route keys across groups.
 */
public final class FaultsRun {
    private final FaultsOptions options;

    public FaultsRun(FaultsOptions options) {
        this.options = options;
    }

    public FaultsReport run() throws InterruptedException {
        if (!options.tls() && !options.acl()) return runPlain();
        try {
            java.nio.file.Path certs = options.out() != null ? options.out().resolve("tls")
                    : java.nio.file.Files.createTempDirectory("redraft-faults-tls-");
            io.redraft.testkit.cluster.ClusterSecurity.enable(certs, options.tls(), options.acl());
            System.out.println("redraft-faults: " + (options.tls() ? "TLS on every link" : "")
                    + (options.tls() && options.acl() ? ", " : "") + (options.acl() ? "ACL users (clients as 'app')" : ""));
            return runPlain();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            io.redraft.testkit.cluster.ClusterSecurity.disable();
        }
    }

    private FaultsReport runPlain() throws InterruptedException {
        long start = System.nanoTime();
        boolean sharded = options.shards() > 0;
        Workload workload = switch (options.workload()) {
            case "register" -> new RegisterWorkload(options.seed());
            case "lua-cas" -> new LuaCasWorkload(options.seed());
            case "queue" -> new QueueWorkload(options.seed());
            case "stream" -> new StreamWorkload(options.seed());
            default -> sharded
                    ? new ListAppendWorkload(options.seed(), options.sessions(), ShardGroups.tags(options.shards(), TAGS_PER_GROUP))
                    : new ListAppendWorkload(options.seed(), options.sessions());
        };
        List<String> crashes = new ArrayList<>();
        // Partitionable: each node in its own network namespace, or the servers' test-only hook.
        boolean cutsNetwork = options.nemeses().contains("partition") || options.nemeses().contains("island");
        List<LocalCluster> groups = sharded ? ShardGroups.start(options.shards(), options.nodes(), cutsNetwork, options.serverArgs())
                : List.of(cutsNetwork ? LocalCluster.formedPartitionable("faults", options.nodes(), options.serverArgs())
                        : LocalCluster.formed("faults", options.nodes(), options.serverArgs()));
        if (cutsNetwork) System.out.println("redraft-faults: partitions by " + groups.get(0).partitions().mechanism());
        List<List<Nemesis>> families = new ArrayList<>();
        List<NemesisRunner> runners = new ArrayList<>();
        for (LocalCluster group : groups) families.add(families(group));
        if (options.nemeses().contains("migrate")) {
            // Spans groups: one runner (the first group's) drives it.
            families.get(0).add(new MigrateNemesis(groups, ShardGroups.tags(options.shards(), TAGS_PER_GROUP), options.seed()));
        }
        for (int g = 0; g < groups.size(); g++) {
            runners.add(new NemesisRunner(groups.get(g), families.get(g), options.seed() + g, sharded ? "g" + (g + 1) + " " : ""));
        }
        List<Nemesis> allFamilies = families.stream().flatMap(List::stream).toList();
        try {
            for (Nemesis n : allFamilies) n.prepare();
            long stopAt = System.nanoTime() + Duration.ofSeconds(options.timeLimitSeconds()).toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int p = 0; p < options.clients(); p++) {
                int process = p;
                Thread t = new Thread(() -> {
                    try (ClusterClient c = new ClusterClient(groups, process)) {
                        workload.runClient(process, c, () -> System.nanoTime() < stopAt);
                    }
                }, "faults-client-" + p);
                t.setDaemon(true);
                clients.add(t);
                t.start();
            }
            List<Thread> nemesisThreads = new ArrayList<>();
            for (int g = 0; g < runners.size(); g++) {
                Thread t = new Thread(runners.get(g), "faults-nemesis" + (sharded ? "-g" + (g + 1) : ""));
                t.setDaemon(true);
                nemesisThreads.add(t);
                t.start();
            }
            for (Thread t : clients) t.join();
            for (NemesisRunner r : runners) r.stop();
            for (Thread t : nemesisThreads) {
                t.join(120_000);
                if (t.isAlive()) crashes.add(t.getName() + ": still healing a fault 120 s after the run ended");
            }
            for (int g = 0; g < groups.size(); g++) {
                NemesisRunner nemesis = runners.get(g);
                String prefix = sharded ? "g" + (g + 1) + " " : "";
                if (!nemesis.healAll()) crashes.add(prefix + "healing: some node would not restart");
                nemesis.failures().forEach(f -> crashes.add(prefix + f));
                int voters = families.get(g).stream().mapToInt(Nemesis::finalVoters).max().orElse(0);
                try {
                    groups.get(g).awaitStable(voters > 0 ? voters : options.nodes());
                } catch (RuntimeException | AssertionError e) {
                    crashes.add(prefix + "the cluster did not recover after healing: " + e.getMessage());
                }
            }
            try (ClusterClient c = new ClusterClient(groups, 0)) {
                workload.finalReads(c);
            } catch (RuntimeException e) {
                crashes.add("final reads: " + e.getMessage());
            }
            for (int g = 0; g < groups.size(); g++) {
                String prefix = sharded ? "g" + (g + 1) + " " : "";
                LocalCluster cluster = groups.get(g);
                for (var n : cluster.nodes()) {
                    if (!n.isAlive()) crashes.add(prefix + n.name() + " is not running at the end (exit " + n.exitCode() + ")");
                }
                CrashChecker.check(cluster.nodes(), allFamilies.stream().flatMap(n -> n.expectedWarnings().stream()).toList())
                        .forEach(c -> crashes.add(prefix + c));
                heapDumps(cluster, prefix.strip().replace(' ', '-')).forEach(c -> crashes.add(prefix + c));
            }
            Workload.Verdict verdict = workload.check();
            Map<String, Integer> faults = new TreeMap<>();
            List<String> events = new ArrayList<>();
            for (NemesisRunner r : runners) {
                r.counts().forEach((k, v) -> faults.merge(k, v, Integer::sum));
                events.addAll(r.events());
            }
            // Each event starts with its time, fixed width: merged runners' events sort by it.
            events.sort(null);
            FaultsReport report = new FaultsReport(options.workload(), workload.counts(), faults,
                    options.notImplemented(), verdict.summary(), verdict.problems(), crashes, events,
                    (System.nanoTime() - start) / 1e9);
            if (options.out() != null) write(report, workload, groups, sharded);
            return report;
        } finally {
            for (NemesisRunner r : runners) {
                r.stop();
                r.closeAll();
            }
            for (LocalCluster c : groups) c.close();
        }
    }

    /** Hash tags (so slots) per group in a sharded run; each tag has its own few hot keys. */
    static final int TAGS_PER_GROUP = 2;

    /**
     * Every enabled family of faults, in a fixed order. Healing runs in it: the network first, so
     * that restarted and rejoining nodes can reach their peers, then processes.
     */
    private List<Nemesis> families(LocalCluster cluster) {
        var enabled = options.nemeses();
        List<Nemesis> families = new ArrayList<>();
        if (enabled.contains("partition")) families.add(new PartitionNemesis(cluster, options.seed()));
        if (enabled.contains("island")) families.add(new IslandNemesis(cluster));
        if (enabled.contains("kill") || enabled.contains("pause")) families.add(new ProcessNemesis(cluster, enabled, options.seed()));
        if (enabled.contains("clock")) families.add(new ClockNemesis(cluster, options.seed()));
        if (enabled.contains("member")) families.add(new MemberNemesis(cluster, options.seed()));
        if (enabled.contains("disk")) families.add(new DiskNemesis(cluster, options.seed()));
        return families;
    }

    /**
     * A node that ran out of heap left a dump in its directory: its largest classes join the
     * findings (what filled the heap is the first question), and the dump moves to the output folder.
     */
    private List<String> heapDumps(LocalCluster cluster, String group) {
        List<String> found = new ArrayList<>();
        for (var n : cluster.nodes()) {
            for (Path dump : NodeProcess.heapDumps(n.dir())) {
                String histogram;
                try {
                    histogram = HeapHistogram.format(HeapHistogram.of(dump), 12);
                } catch (IOException | RuntimeException e) {
                    histogram = "(unreadable: " + e + ")\n";
                }
                Path kept = dump;
                if (options.out() != null) {
                    try {
                        Files.createDirectories(options.out());
                        kept = Files.move(dump, options.out().resolve(fileName(group, n.name()) + "-" + dump.getFileName()));
                    } catch (IOException e) {
                        // the dump stays where it is; the finding names it
                    }
                }
                found.add(n.name() + ": heap dump " + kept + ", largest classes:\n" + histogram.stripTrailing());
            }
        }
        return found;
    }

    private static String fileName(String group, String node) {
        return group.isEmpty() ? node : group + "-" + node;
    }

    private void write(FaultsReport report, Workload workload, List<LocalCluster> groups, boolean sharded) {
        try {
            Files.createDirectories(options.out());
            workload.writeHistory(options.out().resolve("history.jsonl"));
            Files.writeString(options.out().resolve("report.txt"), report.text() + "\n\nnemesis events:\n"
                    + String.join("\n", report.events()) + "\n");
            for (int g = 0; g < groups.size(); g++) {
                String group = sharded ? "g" + (g + 1) : "";
                for (var n : groups.get(g).nodes()) {
                    Files.writeString(options.out().resolve(fileName(group, n.name()) + ".log"), n.logs());
                    Files.writeString(options.out().resolve(fileName(group, n.name()) + "-gc.log"), n.gcLogs());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

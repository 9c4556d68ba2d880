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

/**
 * One fault-injection run: form a cluster of real Redraft processes, run the workload's clients
 * while the nemesis injects faults, heal everything, read the final state, then check the history
 * and the node logs.
 */
public final class FaultsRun {
    private final FaultsOptions options;

    public FaultsRun(FaultsOptions options) {
        this.options = options;
    }

    public FaultsReport run() throws InterruptedException {
        long start = System.nanoTime();
        Workload workload = switch (options.workload()) {
            case "register" -> new RegisterWorkload(options.seed());
            case "queue" -> new QueueWorkload(options.seed());
            default -> new ListAppendWorkload(options.seed(), options.sessions());
        };
        List<String> crashes = new ArrayList<>();
        // Partitionable: each node in its own network namespace, or the servers' test-only hook.
        boolean cutsNetwork = options.nemeses().contains("partition") || options.nemeses().contains("island");
        LocalCluster cluster = cutsNetwork ? LocalCluster.formedPartitionable("faults", options.nodes(), options.serverArgs())
                : LocalCluster.formed("faults", options.nodes(), options.serverArgs());
        if (cutsNetwork) System.out.println("redraft-faults: partitions by " + cluster.partitions().mechanism());
        List<Nemesis> families = families(cluster);
        NemesisRunner nemesis = new NemesisRunner(cluster, families, options.seed());
        try {
            for (Nemesis n : families) n.prepare();
            long stopAt = System.nanoTime() + Duration.ofSeconds(options.timeLimitSeconds()).toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int p = 0; p < options.clients(); p++) {
                int process = p;
                Thread t = new Thread(() -> {
                    try (ClusterClient c = new ClusterClient(cluster, process)) {
                        workload.runClient(process, c, () -> System.nanoTime() < stopAt);
                    }
                }, "faults-client-" + p);
                t.setDaemon(true);
                clients.add(t);
                t.start();
            }
            Thread nemesisThread = new Thread(nemesis, "faults-nemesis");
            nemesisThread.setDaemon(true);
            nemesisThread.start();
            for (Thread t : clients) t.join();
            nemesis.stop();
            nemesisThread.join(120_000);
            if (nemesisThread.isAlive()) crashes.add("nemesis: still healing a fault 120 s after the run ended");
            if (!nemesis.healAll()) crashes.add("healing: some node would not restart");
            crashes.addAll(nemesis.failures());
            int voters = families.stream().mapToInt(Nemesis::finalVoters).max().orElse(0);
            try {
                cluster.awaitStable(voters > 0 ? voters : options.nodes());
            } catch (RuntimeException | AssertionError e) {
                crashes.add("the cluster did not recover after healing: " + e.getMessage());
            }
            try (ClusterClient c = new ClusterClient(cluster, 0)) {
                workload.finalReads(c);
            } catch (RuntimeException e) {
                crashes.add("final reads: " + e.getMessage());
            }
            for (var n : cluster.nodes()) {
                if (!n.isAlive()) crashes.add(n.name() + " is not running at the end (exit " + n.exitCode() + ")");
            }
            crashes.addAll(CrashChecker.check(cluster.nodes(),
                    families.stream().flatMap(n -> n.expectedWarnings().stream()).toList()));
            crashes.addAll(heapDumps(cluster));
            Workload.Verdict verdict = workload.check();
            FaultsReport report = new FaultsReport(options.workload(), workload.counts(), nemesis.counts(),
                    options.notImplemented(), verdict.summary(), verdict.problems(), crashes, nemesis.events(),
                    (System.nanoTime() - start) / 1e9);
            if (options.out() != null) write(report, workload, cluster);
            return report;
        } finally {
            nemesis.stop();
            nemesis.closeAll();
            cluster.close();
        }
    }

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
    private List<String> heapDumps(LocalCluster cluster) {
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
                        kept = Files.move(dump, options.out().resolve(n.name() + "-" + dump.getFileName()));
                    } catch (IOException e) {
                        // the dump stays where it is; the finding names it
                    }
                }
                found.add(n.name() + ": heap dump " + kept + ", largest classes:\n" + histogram.stripTrailing());
            }
        }
        return found;
    }

    private void write(FaultsReport report, Workload workload, LocalCluster cluster) {
        try {
            Files.createDirectories(options.out());
            workload.writeHistory(options.out().resolve("history.jsonl"));
            Files.writeString(options.out().resolve("report.txt"), report.text() + "\n\nnemesis events:\n"
                    + String.join("\n", report.events()) + "\n");
            for (var n : cluster.nodes()) {
                Files.writeString(options.out().resolve(n.name() + ".log"), n.logs());
                Files.writeString(options.out().resolve(n.name() + "-gc.log"), n.gcLogs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

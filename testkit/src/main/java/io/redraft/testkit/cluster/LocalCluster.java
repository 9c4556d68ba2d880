package io.redraft.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * n real Redraft processes on loopback, formed into one Raft cluster the way an operator does it
 * (RAFT.CLUSTER INIT on the first, JOIN on the others). Node numbers are 1-based, as in RedisRaft's
 * walkthrough (node 1 keeps raft1.rdb and raftlog1.db).
 *
 * <p>{@link #close()} kills every process; if {@link #keepLogs()} was called (a failed test), each
 * node's log and output are first copied to {@code <redraft.cluster.logs>/<test>/} (default
 * {@code target/cluster-logs}). A JVM shutdown hook kills the processes if close is never reached.
 */
public final class LocalCluster implements AutoCloseable {
    /** Timing for tests: elections in 0.5-1 s instead of RedisRaft's default 1-2 s. */
    public static final List<String> FAST_TIMING = List.of(
            "--raft.election-timeout", "500", "--raft.request-timeout", "100", "--raft.periodic-interval", "50");
    /** How long forming the cluster, electing a leader or catching up may take before a test fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String testName;
    private final Path root;
    private final List<String> nodeArgs;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Thread shutdownHook;
    /** Per-node network namespaces, or null: every node on loopback. */
    private final NetNamespaces net;
    private final Partitions partitions;
    private boolean keepLogs;
    private boolean closed;

    private LocalCluster(String testName, Path root, List<String> nodeArgs, boolean partitionable, boolean namespaces) {
        this.testName = testName;
        this.root = root;
        List<String> args = new ArrayList<>(nodeArgs);
        if (partitionable && namespaces && useNamespaces()) {
            this.net = NetNamespaces.create();
            this.partitions = new NamespacePartitions(net);
        } else {
            this.net = null;
            if (partitionable) args.addAll(List.of("--" + HookPartitions.SETTING, "yes"));
            this.partitions = partitionable ? new HookPartitions(this) : null;
        }
        this.nodeArgs = List.copyOf(args);
        this.shutdownHook = new Thread(this::killAll, "redraft-cluster-reaper-" + testName);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code size} uninitialized nodes with {@link #FAST_TIMING} plus {@code extraArgs}
     * and waits until each answers PING.
     */
    public static LocalCluster start(String testName, int size, String... extraArgs) {
        return start(testName, size, false, extraArgs);
    }

    /**
     * Like {@link #start} but the network between the nodes can be cut ({@link #partitions()}): each
     * node in its own network namespace where the machine allows it (root, {@code ip},
     * {@code iptables}), otherwise on loopback with the servers' test-only partition hook enabled.
     * {@code -Dredraft.partitions=hook} forces the hook.
     */
    public static LocalCluster startPartitionable(String testName, int size, String... extraArgs) {
        return start(testName, size, true, extraArgs);
    }

    /**
     * Like {@link #startPartitionable} but always cut by the servers' test-only hook, every node on
     * loopback: for clusters whose nodes must reach another cluster's (linked shard groups), which a
     * namespaced cluster, alone on its own bridge and subnet, cannot.
     */
    public static LocalCluster startPartitionableOnLoopback(String testName, int size, String... extraArgs) {
        return start(testName, size, true, false, extraArgs);
    }

    /** {@link #startPartitionable} then {@link #form()}. */
    public static LocalCluster formedPartitionable(String testName, int size, String... extraArgs) {
        return formed(startPartitionable(testName, size, extraArgs));
    }

    private static boolean useNamespaces() {
        return !"hook".equals(System.getProperty("redraft.partitions")) && NetNamespaces.available();
    }

    private static LocalCluster start(String testName, int size, boolean partitionable, String... extraArgs) {
        return start(testName, size, partitionable, true, extraArgs);
    }

    private static LocalCluster start(String testName, int size, boolean partitionable, boolean namespaces, String... extraArgs) {
        List<String> args = new ArrayList<>(FAST_TIMING);
        args.addAll(List.of(extraArgs));
        Path root;
        try {
            root = Files.createTempDirectory("redraft-" + testName.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalCluster c = new LocalCluster(testName, root, args, partitionable, namespaces);
        try {
            for (int i = 0; i < size; i++) c.newNode();
            for (NodeProcess n : c.nodes) n.start();
            for (NodeProcess n : c.nodes) n.awaitReady(PATIENCE.compareTo(NodeProcess.START_PATIENCE) > 0 ? PATIENCE : NodeProcess.START_PATIENCE);
            return c;
        } catch (RuntimeException | Error e) {
            c.keepLogs();
            c.close();
            throw e;
        }
    }

    /** Starts {@code size} nodes and forms them into one cluster ({@link #form()}). */
    public static LocalCluster formed(String testName, int size, String... extraArgs) {
        return formed(start(testName, size, extraArgs));
    }

    private static LocalCluster formed(LocalCluster c) {
        try {
            c.form();
            return c;
        } catch (RuntimeException | Error e) {
            c.keepLogs();
            c.close();
            throw e;
        }
    }

    private NodeProcess newNode() {
        int number = nodes.size() + 1;
        NodeProcess n = net == null ? NodeProcess.onFreePort(number, root.resolve("node" + number), nodeArgs)
                : new NodeProcess(number, root.resolve("node" + number), net.addNode(number), NodeProcess.freePort(),
                        net.exec(number), nodeArgs);
        nodes.add(n);
        return n;
    }

    /** Starts one more node (uninitialized, numbered size()+1) and waits until it answers PING. */
    public NodeProcess addNode() {
        return newNode().startAndAwait();
    }

    public NodeProcess node(int number) {
        return nodes.get(number - 1);
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    public int size() {
        return nodes.size();
    }

    public Path root() {
        return root;
    }

    /** Cuts and heals links between nodes; only for a cluster from {@link #startPartitionable}. */
    public Partitions partitions() {
        if (partitions == null) throw new IllegalStateException("not started partitionable: " + testName);
        return partitions;
    }

    /** RAFT.CLUSTER INIT on node 1; returns the cluster id. */
    public String init() {
        try (Jedis j = adminConnection(node(1))) {
            String reply = Cmd.string(j, "RAFT.CLUSTER", "INIT");
            if (!reply.matches("OK [0-9a-f]{32}")) throw new AssertionError("RAFT.CLUSTER INIT replied " + reply);
            return reply.substring(3);
        }
    }

    /** RAFT.CLUSTER JOIN on node {@code number}, naming every other running node that is up. */
    public void join(int number) {
        List<String> addrs = new ArrayList<>();
        for (NodeProcess n : nodes) {
            if (n.number() == number || !n.isAlive()) continue;
            Optional<RaftInfo> i = tryInfo(n.number());
            if (i.isPresent() && i.get().isUp()) addrs.add(n.address());
        }
        if (addrs.isEmpty()) throw new IllegalStateException("no node is up to join through: " + describe());
        List<String> words = new ArrayList<>(List.of("RAFT.CLUSTER", "JOIN"));
        words.addAll(addrs);
        try (Jedis j = adminConnection(node(number))) {
            String reply = Cmd.string(j, words.toArray(String[]::new));
            if (!"OK".equals(reply)) throw new AssertionError("RAFT.CLUSTER JOIN on node" + number + " replied " + reply);
        }
    }

    /** INIT on node 1, JOIN on every other node, then waits until all are up, voting, with one leader. */
    public void form() {
        init();
        for (int i = 2; i <= size(); i++) join(i);
        awaitStable(size());
    }

    /**
     * Waits until every running node is up, counts {@code voters} voting nodes and names the same
     * leader, which is the only node in the leader role; returns that leader's number.
     */
    public int awaitStable(int voters) {
        waitFor("every running node up with " + voters + " voters and one agreed leader", () -> {
            List<RaftInfo> infos = new ArrayList<>();
            for (NodeProcess n : nodes) if (n.isAlive()) infos.add(info(n.number()));
            long leader = infos.get(0).leaderId();
            for (RaftInfo i : infos) {
                if (!i.isUp() || i.numVotingNodes() != voters || i.leaderId() != leader || leader <= 0) return false;
            }
            return infos.stream().filter(RaftInfo::isLeader).count() == 1;
        });
        return leader();
    }

    /** A node's INFO raft (fails if it cannot be read within a second or two). */
    public RaftInfo info(int number) {
        try (Jedis j = ClusterSecurity.jedis(node(number).host(), node(number).port(), 2000)) {
            return RaftInfo.parse(j.info("raft"));
        }
    }

    /** INFO raft, or empty if the node is down, paused or not answering. */
    public Optional<RaftInfo> tryInfo(int number) {
        if (!node(number).isAlive()) return Optional.empty();
        try {
            return Optional.of(info(number));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The leader right now: the node claiming leadership in the highest term, if any. */
    public Optional<Integer> currentLeader() {
        Integer best = null;
        long bestTerm = -1;
        for (NodeProcess n : nodes) {
            Optional<RaftInfo> i = tryInfo(n.number());
            if (i.isPresent() && i.get().isLeader() && i.get().term() > bestTerm) {
                best = n.number();
                bestTerm = i.get().term();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Waits for a leader ({@link #PATIENCE}) and returns its node number. */
    public int leader() {
        return Poll.until("a leader", this::currentLeader, Optional::isPresent, PATIENCE).orElseThrow();
    }

    /** The node number whose INFO raft shows {@code raftNodeId}. */
    public int numberOf(long raftNodeId) {
        for (NodeProcess n : nodes) {
            Optional<RaftInfo> i = tryInfo(n.number());
            if (i.isPresent() && i.get().nodeId() == raftNodeId) return n.number();
        }
        throw new IllegalArgumentException("no running node has id " + raftNodeId + ": " + describe());
    }

    /** Polls {@code condition} for up to {@link #PATIENCE}; the failure describes every node. */
    public void waitFor(String what, Callable<Boolean> condition) {
        waitFor(what, condition, PATIENCE);
    }

    public void waitFor(String what, Callable<Boolean> condition, Duration timeout) {
        Poll.until(what, condition, this::describe, timeout);
    }

    /** One line per node: process state and INFO raft summary. */
    public String describe() {
        return nodes.stream().map(n -> {
            String s = n.toString();
            Optional<RaftInfo> i = n.isAlive() ? tryInfo(n.number()) : Optional.empty();
            return s + (i.isPresent() ? " " + i.get().summary() : n.isAlive() ? " (INFO failed)" : "");
        }).collect(Collectors.joining("; ", "[", "]"));
    }

    /** Keep every node's log when closing (call it when the test failed). */
    public void keepLogs() {
        keepLogs = true;
    }

    /** Where {@link #keepLogs()} copies the logs. */
    public Path logArchive() {
        return Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve(testName);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: nothing left for it to do
        }
        try {
            if (keepLogs) archiveLogs();
            NodeProcess.deleteRecursively(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void killAll() {
        for (NodeProcess n : nodes) {
            try {
                n.kill9();
            } catch (RuntimeException | AssertionError e) {
                // keep killing the others
            }
        }
        if (net != null) net.close();
    }

    private void archiveLogs() throws IOException {
        Path dest = logArchive();
        NodeProcess.deleteRecursively(dest);
        for (NodeProcess n : nodes) {
            Path to = Files.createDirectories(dest.resolve(n.name()));
            for (Path f : new Path[] {n.logFile(), n.outputFile()}) {
                if (Files.exists(f)) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.isDirectory(n.dataDir())) {
                try (Stream<Path> files = Files.list(n.dataDir())) {
                    Files.writeString(to.resolve("files.txt"), files.sorted(Comparator.naturalOrder())
                            .map(p -> p.getFileName() + " " + size(p)).collect(Collectors.joining("\n", "", "\n")));
                }
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Admin commands (JOIN, NODE ADD/REMOVE) block until committed: a longer timeout. */
    static Jedis adminConnection(NodeProcess n) {
        return ClusterSecurity.jedis(n.host(), n.port(), (int) PATIENCE.toMillis());
    }
}

package io.redraft.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A private network for one test cluster: a Linux bridge {@code rdfbr<S>} with address
 * {@code 10.77.S.1/24} in the root namespace, and per node a network namespace {@code rdf-<S>-<i>}
 * joined to the bridge by a veth pair, the node at {@code 10.77.S.(10+i)}. Clients in the root
 * namespace reach every node through the bridge; a partition is a set of iptables DROP rules on the
 * INPUT chain inside the receiving node's namespace, matching the sending node's address only, so
 * the clients are never cut off.
 *
 * <p>Needs root, {@code ip} and {@code iptables}. The slot S is claimed by creating the bridge (an
 * atomic, failing-if-taken operation) whose alias records the owner's pid: leftovers of a JVM that
 * died without cleaning up are found by that pid and deleted by the next {@link #create()}.
 */
public final class NetNamespaces implements AutoCloseable {
    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static Boolean available;

    private final int slot;
    private final Set<Integer> created = new TreeSet<>();
    private boolean closed;

    private NetNamespaces(int slot) {
        this.slot = slot;
    }

    /** True if this machine lets us create namespaces, veth pairs, a bridge and iptables rules. */
    public static synchronized boolean available() {
        if (available == null) available = probe();
        return available;
    }

    private static boolean probe() {
        if (!"root".equals(System.getProperty("user.name"))) return false;
        if (run(List.of("iptables", "--version")).exit() != 0) return false;
        long pid = ProcessHandle.current().pid();
        String ns = "rdf-probe-" + pid;
        String veth = "rdfp" + pid % 10_000_000;
        if (run(List.of("ip", "netns", "add", ns)).exit() != 0) return false;
        // Everything create() and addNode() need: a veth pair, one end moved into the namespace,
        // and iptables inside it (a container without CAP_NET_ADMIN fails one of these).
        boolean ok = run(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "n")).exit() == 0
                && run(List.of("ip", "link", "set", veth + "n", "netns", ns)).exit() == 0
                && run(List.of("ip", "netns", "exec", ns, "iptables", "-w", "-L", "INPUT", "-n")).exit() == 0;
        run(List.of("ip", "link", "del", veth));
        run(List.of("ip", "netns", "del", ns));
        return ok;
    }

    /** Claims a free slot (after deleting leftovers of dead owners) and sets up its bridge. */
    public static NetNamespaces create() {
        deleteStale();
        long pid = ProcessHandle.current().pid();
        for (int s = 1 + (int) (pid % 200), tries = 0; tries < 250; tries++, s = s % 250 + 1) {
            String br = bridge(s);
            if (run(List.of("ip", "link", "add", "name", br, "alias", "pid=" + pid, "type", "bridge")).exit() != 0) continue;
            NetNamespaces n = new NetNamespaces(s);
            try {
                must("ip", "addr", "add", "10.77." + s + ".1/24", "dev", br);
                must("ip", "link", "set", br, "up");
                return n;
            } catch (RuntimeException e) {
                n.close();
                throw e;
            }
        }
        throw new IllegalStateException("no free 10.77.S.0/24 slot for a test network");
    }

    /** Creates node {@code i}'s namespace and veth (once); returns its address. */
    public synchronized String addNode(int i) {
        if (closed) throw new IllegalStateException("network closed");
        if (created.add(i)) {
            String ns = namespace(i), host = veth(i), peer = "rdf" + slot + "n" + i;
            run(List.of("ip", "link", "del", host)); // a leftover of a dead run, whose namespace lingers
            must("ip", "netns", "add", ns);
            must("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
            must("ip", "link", "set", peer, "netns", ns);
            must("ip", "link", "set", host, "master", bridge(slot));
            must("ip", "link", "set", host, "up");
            must("ip", "netns", "exec", ns, "ip", "addr", "add", host(i) + "/24", "dev", peer);
            must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
            must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        }
        return host(i);
    }

    public String host(int i) {
        return "10.77." + slot + "." + (10 + i);
    }

    public String namespace(int i) {
        return "rdf-" + slot + "-" + i;
    }

    /** The command prefix that runs a program inside node {@code i}'s namespace. */
    public List<String> exec(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Node {@code to} drops every packet from node {@code from} (one direction only). */
    public synchronized void drop(int from, int to) {
        must("ip", "netns", "exec", namespace(to), "iptables", "-w", "-A", "INPUT", "-s", host(from), "-j", "DROP");
    }

    /** Every namespace's INPUT rules, for failure messages. */
    public synchronized String rules() {
        StringBuilder b = new StringBuilder();
        for (int i : created) {
            b.append(namespace(i)).append(": ")
                    .append(run(List.of("ip", "netns", "exec", namespace(i), "iptables", "-w", "-S", "INPUT")).output().replace('\n', ';'))
                    .append('\n');
        }
        return b.toString();
    }

    /** Removes every DROP rule: the network is whole again. */
    public synchronized void heal() {
        for (int i : created) must("ip", "netns", "exec", namespace(i), "iptables", "-w", "-F", "INPUT");
    }

    /** Deletes the namespaces (their veth ends go with them) and the bridge. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (int i : created) {
            // Deleting one end deletes the pair; done explicitly because the kernel may keep a
            // deleted namespace (and so the pair) alive for a while, blocking the names' reuse.
            run(List.of("ip", "link", "del", veth(i)));
            run(List.of("ip", "netns", "del", namespace(i)));
        }
        run(List.of("ip", "link", "del", bridge(slot)));
    }

    /** Deletes bridges whose owner pid is gone, and namespaces of slots that have no bridge. */
    static void deleteStale() {
        try {
            if (Files.isDirectory(SYS_NET)) {
                try (var links = Files.list(SYS_NET)) {
                    for (Path p : links.toList()) {
                        String name = p.getFileName().toString();
                        if (name.matches("rdf\\d+h\\d+") && !Files.exists(SYS_NET.resolve("rdfbr" + name.substring(3, name.indexOf('h'))))) {
                            run(List.of("ip", "link", "del", name));
                            continue;
                        }
                        if (!name.matches("rdfbr\\d+")) continue;
                        String alias = Files.exists(p.resolve("ifalias")) ? Files.readString(p.resolve("ifalias")).trim() : "";
                        long owner = alias.startsWith("pid=") ? Long.parseLong(alias.substring(4)) : -1;
                        if (owner < 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) continue;
                        run(List.of("ip", "link", "del", name));
                    }
                }
            }
            Path netns = Path.of("/var/run/netns");
            if (Files.isDirectory(netns)) {
                try (var all = Files.list(netns)) {
                    for (Path p : all.toList()) {
                        String name = p.getFileName().toString();
                        if (!name.matches("rdf-\\d+-\\d+")) continue;
                        String slot = name.split("-")[1];
                        if (!Files.exists(SYS_NET.resolve("rdfbr" + slot))) run(List.of("ip", "netns", "del", name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String veth(int i) {
        return "rdf" + slot + "h" + i;
    }

    private static String bridge(int slot) {
        return "rdfbr" + slot;
    }

    @Override
    public String toString() {
        return "network namespaces on bridge " + bridge(slot) + " (10.77." + slot + ".0/24)";
    }

    private record Result(int exit, String output) {}

    private static void must(String... cmd) {
        Result r = run(List.of(cmd));
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
    }

    private static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}

package io.redraft.testkit.elle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a list-append history for strict serializability, after Kingsbury &amp; Alvaro's Elle.
 *
 * <p>Because every appended value is unique and a read returns the whole list, a read tells not
 * only which appends happened but in which order: the longest read of a key is (a prefix of) the
 * key's version order, and every other read must be a prefix of it. From the version orders come
 * Adya's dependencies between transactions: ww (appended the next element), wr (appended the last
 * element a transaction read) and rw (read a list that another transaction's append extends);
 * real-time order adds T1 → T2 when T1 completed before T2 was invoked. A strictly serializable
 * history has an acyclic graph; each cycle is reported under the weakest anomaly class that
 * explains it (G0, G1c, G-single, G2, then the "-realtime" variants).
 *
 * <p>Besides cycles, it reports what can be seen without the graph: duplicated elements, reads of
 * values that failed appends wrote (aborted reads, G1a) or that nobody wrote (garbage), reads of
 * another transaction's intermediate state (G1b), transactions
 * that do not see their own appends (internal), reads that are not prefixes of each other
 * (incompatible order), and acknowledged appends missing from reads that began after they were
 * acknowledged (stale reads; lost appends when no read ever shows them).
 */
public final class ListAppendChecker {
    /** Reports at most this many of one anomaly type in full (the rest are counted). */
    static final int MAX_PER_TYPE = 50;

    /** One read's result inside an OK transaction. */
    private record Read(Txn txn, String key, List<Long> values) {}

    /** Where an appended value came from. */
    private record Write(Txn txn, String key) {}

    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Map<String, Integer> perType = new TreeMap<>();
    /** Reads that are not a prefix of their key's version order (by identity: equal reads may differ in this). */
    private final Set<Read> incompatible = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private ListAppendChecker() {}

    public static ElleResult check(List<Txn> history) {
        ListAppendChecker c = new ListAppendChecker();
        c.run(history);
        List<Anomaly> all = new ArrayList<>(c.anomalies);
        c.perType.forEach((type, n) -> {
            if (n > MAX_PER_TYPE) {
                all.add(new Anomaly(type, List.of(), (n - MAX_PER_TYPE) + " more " + type + " anomalies not listed"));
            }
        });
        return new ElleResult(history.size(), all);
    }

    private void report(String type, List<Integer> txns, String explanation) {
        int n = perType.merge(type, 1, Integer::sum);
        if (n <= MAX_PER_TYPE) anomalies.add(new Anomaly(type, txns, explanation));
    }

    private void run(List<Txn> history) {
        Map<Long, Write> writes = indexWrites(history);
        List<Read> reads = new ArrayList<>();
        for (Txn t : history) {
            if (!t.ok()) continue;
            checkInternal(t);
            for (MicroOp op : t.ops()) {
                if (op.isAppend() || op.read() == null) continue;
                reads.add(new Read(t, op.key(), op.read()));
            }
        }
        Map<String, List<Long>> orders = versionOrders(reads);
        for (Read r : reads) checkIntermediate(r, writes);
        // A read that is a prefix of its key's longest read holds nothing the longest does not:
        // checking the longest and the incompatible ones covers every element once per key.
        Map<String, Read> checked = new HashMap<>();
        for (Read r : reads) {
            List<Long> order = orders.get(r.key());
            if (r.values() == order ? checked.putIfAbsent(r.key(), r) == null : incompatible.contains(r)) {
                checkElements(r, writes);
            }
        }
        checkStale(history, reads, orders, writes);
        findCycles(history, reads, orders, writes);
    }

    private static Map<Long, Write> indexWrites(List<Txn> history) {
        Map<Long, Write> writes = new HashMap<>();
        for (Txn t : history) {
            for (MicroOp op : t.ops()) {
                if (!op.isAppend()) continue;
                Write prev = writes.putIfAbsent(op.value(), new Write(t, op.key()));
                if (prev != null) {
                    throw new IllegalArgumentException("value " + op.value() + " appended by both T" + prev.txn().id()
                            + " and T" + t.id() + ": the checker needs unique values");
                }
            }
        }
        return writes;
    }

    /** A transaction must see its own appends, after what it read before them (internal consistency). */
    private void checkInternal(Txn t) {
        Map<String, List<Long>> known = new HashMap<>();
        Map<String, List<Long>> ownSince = new HashMap<>();
        for (MicroOp op : t.ops()) {
            if (op.isAppend()) {
                ownSince.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op.value());
                continue;
            }
            if (op.read() == null) continue;
            List<Long> own = ownSince.getOrDefault(op.key(), List.of());
            List<Long> before = known.get(op.key());
            boolean consistent;
            String expected;
            if (before != null) {
                List<Long> exp = new ArrayList<>(before);
                exp.addAll(own);
                consistent = op.read().equals(exp);
                expected = exp.toString();
            } else {
                int n = op.read().size();
                consistent = n >= own.size() && op.read().subList(n - own.size(), n).equals(own);
                expected = "a list ending with " + own;
            }
            if (!consistent) {
                report("internal", List.of(t.id()), "T" + t.id() + " read " + op.key() + " = " + op.read()
                        + " but, given its own earlier reads and appends, should have seen " + expected);
            }
            known.put(op.key(), op.read());
            ownSince.remove(op.key());
        }
    }

    private void checkElements(Read r, Map<Long, Write> writes) {
        Set<Long> seen = new HashSet<>();
        for (long v : r.values()) {
            if (!seen.add(v)) {
                report("duplicate", List.of(r.txn().id()), "T" + r.txn().id() + " read " + r.key() + " = "
                        + r.values() + ", in which " + v + " appears more than once");
            }
            Write w = writes.get(v);
            if (w == null || !w.key().equals(r.key())) {
                report("garbage-read", List.of(r.txn().id()), "T" + r.txn().id() + " read " + v + " in " + r.key()
                        + ", a value no transaction appended to " + r.key());
            } else if (w.txn().outcome() == Txn.Outcome.FAIL) {
                report("aborted-read", List.of(w.txn().id(), r.txn().id()), "T" + r.txn().id() + " read " + v + " in "
                        + r.key() + ", appended by T" + w.txn().id() + " which failed");
            }
        }
    }

    /**
     * G1b: a read ending in a value that another transaction appended to the key before appending
     * more to it saw that transaction half done.
     */
    private void checkIntermediate(Read r, Map<Long, Write> writes) {
        if (r.values().isEmpty()) return;
        long last = r.values().get(r.values().size() - 1);
        Write w = writes.get(last);
        if (w == null || w.txn() == r.txn() || !w.key().equals(r.key())) return;
        boolean after = false;
        for (MicroOp op : w.txn().ops()) {
            if (op.isAppend() && op.value() == last) {
                after = true;
            } else if (after && op.isAppend() && op.key().equals(r.key())) {
                report("G1b", List.of(w.txn().id(), r.txn().id()), "T" + r.txn().id() + " read " + r.key() + " = "
                        + r.values() + ", ending with " + last + " that T" + w.txn().id() + " appended before it also appended "
                        + op.value() + ": an intermediate state of T" + w.txn().id());
                return;
            }
        }
    }

    /** Each key's longest read; every other read of the key must be a prefix of it. */
    private Map<String, List<Long>> versionOrders(List<Read> reads) {
        Map<String, List<Long>> longest = new HashMap<>();
        Map<String, Read> longestRead = new HashMap<>();
        for (Read r : reads) {
            List<Long> cur = longest.get(r.key());
            if (cur == null || r.values().size() > cur.size()) {
                longest.put(r.key(), r.values());
                longestRead.put(r.key(), r);
            }
        }
        for (Read r : reads) {
            List<Long> order = longest.get(r.key());
            if (r.values() != order && !isPrefix(r.values(), order)) {
                incompatible.add(r);
                Read l = longestRead.get(r.key());
                report("incompatible-order", List.of(r.txn().id(), l.txn().id()), "T" + r.txn().id() + " read "
                        + r.key() + " = " + r.values() + ", not a prefix of " + order + " read by T" + l.txn().id()
                        + ": the two disagree on the order of " + r.key());
            }
        }
        return longest;
    }

    static boolean isPrefix(List<Long> prefix, List<Long> of) {
        return prefix.size() <= of.size() && of.subList(0, prefix.size()).equals(prefix);
    }

    /**
     * An acknowledged append must be in every read of its key that began after the acknowledgement
     * (the real-time half of strict serializability, checked directly for a readable report).
     */
    private void checkStale(List<Txn> history, List<Read> reads, Map<String, List<Long>> orders, Map<Long, Write> writes) {
        Map<String, List<Read>> byKey = new HashMap<>();
        for (Read r : reads) byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        Set<Long> everRead = new HashSet<>();
        orders.values().forEach(everRead::addAll);
        for (Read r : incompatible) everRead.addAll(r.values());
        for (List<Read> rs : byKey.values()) rs.sort(Comparator.comparingLong(r -> r.txn().invoked()));
        // For each key, the shortest read among those invoked at or after position i.
        Map<String, Read[]> shortestFrom = new HashMap<>();
        byKey.forEach((key, rs) -> {
            Read[] s = new Read[rs.size()];
            for (int i = rs.size() - 1; i >= 0; i--) {
                Read r = rs.get(i);
                s[i] = i + 1 < rs.size() && s[i + 1].values().size() < r.values().size() ? s[i + 1] : r;
            }
            shortestFrom.put(key, s);
        });
        for (Txn t : history) {
            if (!t.ok()) continue;
            for (MicroOp op : t.ops()) {
                if (!op.isAppend()) continue;
                List<Read> rs = byKey.get(op.key());
                if (rs == null) continue;
                int first = firstInvokedAfter(rs, t.completed());
                if (first == rs.size()) continue;
                Read shortest = shortestFrom.get(op.key())[first];
                if (shortest.values().contains(op.value())) continue;
                boolean lost = !everRead.contains(op.value());
                report(lost ? "lost-append" : "stale-read", List.of(t.id(), shortest.txn().id()), "T" + t.id()
                        + " appended " + op.value() + " to " + op.key() + " and was acknowledged, but T"
                        + shortest.txn().id() + ", invoked afterwards, read " + op.key() + " = " + shortest.values()
                        + " without it" + (lost ? "; no read ever saw it" : ""));
            }
        }
    }

    private static int firstInvokedAfter(List<Read> sorted, long time) {
        int lo = 0, hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).txn().invoked() > time) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void findCycles(List<Txn> history, List<Read> reads, Map<String, List<Long>> orders, Map<Long, Write> writes) {
        Set<Long> observed = new HashSet<>();
        orders.values().forEach(observed::addAll);
        List<Txn> nodes = new ArrayList<>();
        Map<Integer, Integer> nodeOf = new HashMap<>();
        for (Txn t : history) {
            boolean include = t.ok() || (t.outcome() == Txn.Outcome.INFO
                    && t.ops().stream().anyMatch(op -> op.isAppend() && observed.contains(op.value())));
            if (include) {
                nodeOf.put(t.id(), nodes.size());
                nodes.add(t);
            }
        }
        DependencyGraph g = new DependencyGraph(nodes);
        orders.forEach((key, order) -> {
            for (int i = 0; i + 1 < order.size(); i++) {
                Integer a = node(writes, nodeOf, order.get(i)), b = node(writes, nodeOf, order.get(i + 1));
                if (a != null && b != null) {
                    g.add(a, b, DependencyGraph.WW, "T" + nodes.get(a).id() + " appended " + order.get(i) + " to " + key
                            + " just before T" + nodes.get(b).id() + " appended " + order.get(i + 1));
                }
            }
        });
        for (Read r : reads) {
            List<Long> order = orders.get(r.key());
            if (incompatible.contains(r)) continue;
            int reader = nodeOf.get(r.txn().id());
            for (int i = r.values().size() - 1; i >= 0; i--) {
                Integer w = node(writes, nodeOf, r.values().get(i));
                if (w == null) break;
                if (w == reader) continue;
                g.add(w, reader, DependencyGraph.WR, "T" + r.txn().id() + " read " + r.key() + " = " + r.values()
                        + ", whose last element from another transaction T" + nodes.get(w).id() + " appended");
                break;
            }
            if (r.values().size() < order.size()) {
                long next = order.get(r.values().size());
                Integer w = node(writes, nodeOf, next);
                if (w != null) {
                    g.add(reader, w, DependencyGraph.RW, "T" + r.txn().id() + " read " + r.key() + " = " + r.values()
                            + ", which does not yet have " + next + " that T" + nodes.get(w).id() + " appended");
                }
            }
        }
        addRealTime(g, nodes);
        for (int[] comp : g.components()) reportCycle(g, comp);
    }

    private static Integer node(Map<Long, Write> writes, Map<Integer, Integer> nodeOf, long value) {
        Write w = writes.get(value);
        return w == null ? null : nodeOf.get(w.txn().id());
    }

    private static void addRealTime(DependencyGraph g, List<Txn> nodes) {
        List<Integer> byCompletion = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).ok()) byCompletion.add(i);
        byCompletion.sort(Comparator.comparingLong(i -> nodes.get(i).completed()));
        int[] barrier = new int[byCompletion.size()];
        long[] at = new long[byCompletion.size()];
        for (int j = 0; j < barrier.length; j++) {
            barrier[j] = g.addBarrier();
            at[j] = nodes.get(byCompletion.get(j)).completed();
            g.add(byCompletion.get(j), barrier[j], DependencyGraph.RT, null);
            if (j > 0) g.add(barrier[j - 1], barrier[j], DependencyGraph.RT, null);
        }
        for (int i = 0; i < nodes.size(); i++) {
            long invoked = nodes.get(i).invoked();
            int lo = 0, hi = at.length; // the number of completions strictly before `invoked`
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] < invoked) lo = mid + 1;
                else hi = mid;
            }
            if (lo > 0) g.add(barrier[lo - 1], i, DependencyGraph.RT, null);
        }
    }

    private static final int[] MASKS = {
            DependencyGraph.WW,
            DependencyGraph.WW | DependencyGraph.WR,
            DependencyGraph.WW | DependencyGraph.WR | DependencyGraph.RW,
            DependencyGraph.WW | DependencyGraph.WR | DependencyGraph.RW | DependencyGraph.RT};

    private void reportCycle(DependencyGraph g, int[] comp) {
        for (int mask : MASKS) {
            DependencyGraph.Cycle c = g.shortestCycle(comp, mask, 64);
            if (c == null) continue;
            int rw = c.count(DependencyGraph.RW);
            String type = rw == 0 ? (c.count(DependencyGraph.WR) == 0 ? "G0" : "G1c") : rw == 1 ? "G-single" : "G2";
            if (c.count(DependencyGraph.RT) > 0) {
                type += "-realtime";
            }
            List<Integer> ids = new ArrayList<>();
            StringBuilder sb = new StringBuilder("cycle of " + c.nodes().size() + " transactions (" + comp.length
                    + " nodes in its strongly connected component):");
            for (int i = 0; i < c.nodes().size(); i++) {
                int from = c.nodes().get(i), to = c.nodes().get((i + 1) % c.nodes().size());
                ids.add(g.txnId(from));
                sb.append("\n    T").append(g.txnId(from)).append(" -").append(DependencyGraph.name(c.types().get(i)))
                        .append("-> T").append(g.txnId(to)).append(": ").append(c.reasons().get(i));
            }
            report(type, ids, sb.toString());
            return;
        }
    }
}

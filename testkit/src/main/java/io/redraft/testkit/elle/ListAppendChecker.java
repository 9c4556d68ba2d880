package io.redraft.testkit.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 *
 * <p>Memory stays proportional to the history: values are indexed in primitive maps, reads are
 * unboxed ({@link Values}), and the dependency graph stores each edge as a few ints; an edge is put
 * into words only when it belongs to a reported cycle. A 30-minute history (a million
 * transactions) checks in 11 s within a 640 MB heap, 231 MB of it the history itself ({@code ListAppendScaleTest}).
 */
public final class ListAppendChecker {
    /** Reports at most this many of one anomaly type in full (the rest are counted). */
    static final int MAX_PER_TYPE = 50;

    /** One read's result inside an OK transaction ({@code txn}: its position in the history). */
    private record Read(int txn, String key, Values values) {}

    private final List<Txn> history;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Map<String, Integer> perType = new TreeMap<>();
    /** Reads that are not a prefix of their key's version order (by identity: equal reads may differ in this). */
    private final Set<Read> incompatible = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Appended value to the position in the history of the transaction that appended it. */
    private LongIntMap writer;
    /** Value to its position in its key's version order, for values in some longest read. */
    private LongIntMap position;
    private final List<Read> reads = new ArrayList<>();
    /** Each key's longest read: the version order every other read must be a prefix of. */
    private final Map<String, Values> orders = new HashMap<>();

    private ListAppendChecker(List<Txn> history) {
        this.history = history;
    }

    public static ElleResult check(List<Txn> history) {
        ListAppendChecker c = new ListAppendChecker(history);
        c.run();
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

    private Txn txn(int pos) {
        return history.get(pos);
    }

    private int id(int pos) {
        return history.get(pos).id();
    }

    private void run() {
        indexWrites();
        for (int i = 0; i < history.size(); i++) {
            Txn t = history.get(i);
            if (!t.ok()) continue;
            checkInternal(t);
            for (MicroOp op : t.ops()) {
                if (op.isAppend() || op.read() == null) continue;
                reads.add(new Read(i, op.key(), op.values()));
            }
        }
        versionOrders();
        for (Read r : reads) checkIntermediate(r);
        // A read that is a prefix of its key's longest read holds nothing the longest does not:
        // checking the longest and the incompatible ones covers every element once per key.
        Set<String> checked = new HashSet<>();
        for (Read r : reads) {
            Values order = orders.get(r.key());
            if (r.values() == order ? checked.add(r.key()) : incompatible.contains(r)) checkElements(r);
        }
        checkStale();
        findCycles();
    }

    private void indexWrites() {
        int appends = 0;
        for (Txn t : history) for (MicroOp op : t.ops()) if (op.isAppend()) appends++;
        writer = new LongIntMap(appends);
        for (int i = 0; i < history.size(); i++) {
            Txn t = history.get(i);
            for (MicroOp op : t.ops()) {
                if (!op.isAppend()) continue;
                int prev = writer.putIfAbsent(op.value(), i);
                if (prev >= 0) {
                    throw new IllegalArgumentException("value " + op.value() + " appended by both T" + id(prev)
                            + " and T" + t.id() + ": the checker needs unique values");
                }
            }
        }
    }

    /** The key {@code value} was appended to by its writer {@code w}. */
    private String keyOf(int w, long value) {
        for (MicroOp op : txn(w).ops()) if (op.isAppend() && op.value() == value) return op.key();
        throw new IllegalStateException("T" + id(w) + " did not append " + value);
    }

    /** A transaction must see its own appends, after what it read before them (internal consistency). */
    private void checkInternal(Txn t) {
        Map<String, List<Long>> known = null;
        Map<String, List<Long>> ownSince = null;
        for (MicroOp op : t.ops()) {
            if (op.isAppend()) {
                if (ownSince == null) ownSince = new HashMap<>();
                ownSince.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op.value());
                continue;
            }
            if (op.read() == null) continue;
            List<Long> own = ownSince == null ? List.of() : ownSince.getOrDefault(op.key(), List.of());
            List<Long> before = known == null ? null : known.get(op.key());
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
            if (known == null) known = new HashMap<>();
            known.put(op.key(), op.read());
            if (ownSince != null) ownSince.remove(op.key());
        }
    }

    private void checkElements(Read r) {
        Set<Long> seen = new HashSet<>();
        Values vs = r.values();
        for (int i = 0; i < vs.size(); i++) {
            long v = vs.at(i);
            if (!seen.add(v)) {
                report("duplicate", List.of(id(r.txn())), "T" + id(r.txn()) + " read " + r.key() + " = "
                        + vs + ", in which " + v + " appears more than once");
            }
            int w = writer.get(v);
            if (w < 0 || !keyOf(w, v).equals(r.key())) {
                report("garbage-read", List.of(id(r.txn())), "T" + id(r.txn()) + " read " + v + " in " + r.key()
                        + ", a value no transaction appended to " + r.key());
            } else if (txn(w).outcome() == Txn.Outcome.FAIL) {
                report("aborted-read", List.of(id(w), id(r.txn())), "T" + id(r.txn()) + " read " + v + " in "
                        + r.key() + ", appended by T" + id(w) + " which failed");
            }
        }
    }

    /**
     * G1b: a read ending in a value that another transaction appended to the key before appending
     * more to it saw that transaction half done.
     */
    private void checkIntermediate(Read r) {
        if (r.values().isEmpty()) return;
        long last = r.values().last();
        int w = writer.get(last);
        if (w < 0 || w == r.txn() || !keyOf(w, last).equals(r.key())) return;
        boolean after = false;
        for (MicroOp op : txn(w).ops()) {
            if (op.isAppend() && op.value() == last) {
                after = true;
            } else if (after && op.isAppend() && op.key().equals(r.key())) {
                report("G1b", List.of(id(w), id(r.txn())), "T" + id(r.txn()) + " read " + r.key() + " = "
                        + r.values() + ", ending with " + last + " that T" + id(w) + " appended before it also appended "
                        + op.value() + ": an intermediate state of T" + id(w));
                return;
            }
        }
    }

    /** Each key's longest read; every other read of the key must be a prefix of it. */
    private void versionOrders() {
        Map<String, Read> longestRead = new HashMap<>();
        for (Read r : reads) {
            Read cur = longestRead.get(r.key());
            if (cur == null || r.values().size() > cur.values().size()) longestRead.put(r.key(), r);
        }
        int total = 0;
        for (Read l : longestRead.values()) {
            orders.put(l.key(), l.values());
            total += l.values().size();
        }
        position = new LongIntMap(total);
        orders.forEach((key, order) -> {
            for (int i = 0; i < order.size(); i++) position.putIfAbsent(order.at(i), i);
        });
        for (Read r : reads) {
            Values order = orders.get(r.key());
            if (r.values() != order && !r.values().isPrefixOf(order)) {
                incompatible.add(r);
                Read l = longestRead.get(r.key());
                report("incompatible-order", List.of(id(r.txn()), id(l.txn())), "T" + id(r.txn()) + " read "
                        + r.key() + " = " + r.values() + ", not a prefix of " + order + " read by T" + id(l.txn())
                        + ": the two disagree on the order of " + r.key());
            }
        }
    }

    /** Whether read {@code r} holds {@code v}, appended to its key. */
    private boolean holds(Read r, long v) {
        int p = position.get(v);
        // a compatible read is a prefix of the order: it holds v when v comes early enough in it
        if (p >= 0 && p < r.values().size() && r.values().at(p) == v) return true;
        return r.values().containsValue(v); // an incompatible read, or v garbage in another key

    }

    /**
     * An acknowledged append must be in every read of its key that began after the acknowledgement
     * (the real-time half of strict serializability, checked directly for a readable report).
     */
    private void checkStale() {
        Map<String, List<Read>> byKey = new HashMap<>();
        for (Read r : reads) byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        LongIntMap inIncompatible = new LongIntMap(16);
        for (Read r : incompatible) for (int i = 0; i < r.values().size(); i++) inIncompatible.putIfAbsent(r.values().at(i), 0);
        for (List<Read> rs : byKey.values()) rs.sort(Comparator.comparingLong(r -> txn(r.txn()).invoked()));
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
                if (holds(shortest, op.value())) continue;
                boolean lost = !position.contains(op.value()) && !inIncompatible.contains(op.value());
                report(lost ? "lost-append" : "stale-read", List.of(t.id(), id(shortest.txn())), "T" + t.id()
                        + " appended " + op.value() + " to " + op.key() + " and was acknowledged, but T"
                        + id(shortest.txn()) + ", invoked afterwards, read " + op.key() + " = " + shortest.values()
                        + " without it" + (lost ? "; no read ever saw it" : ""));
            }
        }
    }

    private int firstInvokedAfter(List<Read> sorted, long time) {
        int lo = 0, hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (txn(sorted.get(mid).txn()).invoked() > time) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void findCycles() {
        List<Txn> nodes = new ArrayList<>();
        int[] nodeOf = new int[history.size()];
        Arrays.fill(nodeOf, -1);
        for (int i = 0; i < history.size(); i++) {
            Txn t = history.get(i);
            boolean include = t.ok() || (t.outcome() == Txn.Outcome.INFO
                    && t.ops().stream().anyMatch(op -> op.isAppend() && position.contains(op.value())));
            if (include) {
                nodeOf[i] = nodes.size();
                nodes.add(t);
            }
        }
        int[] txnOf = new int[nodes.size()];
        for (int i = 0; i < nodeOf.length; i++) if (nodeOf[i] >= 0) txnOf[nodeOf[i]] = i;
        long bound = 3L * nodes.size() + 2L * reads.size(); // real-time, then wr and rw
        for (Values order : orders.values()) bound += order.size(); // ww
        DependencyGraph g = new DependencyGraph(nodes, (int) Math.min(Integer.MAX_VALUE - 16, bound));
        List<String> keys = new ArrayList<>(orders.keySet());
        for (int k = 0; k < keys.size(); k++) {
            Values order = orders.get(keys.get(k));
            for (int i = 0; i + 1 < order.size(); i++) {
                int a = node(nodeOf, order.at(i)), b = node(nodeOf, order.at(i + 1));
                if (a >= 0 && b >= 0) g.add(a, b, DependencyGraph.WW, k);
            }
        }
        for (int ri = 0; ri < reads.size(); ri++) {
            Read r = reads.get(ri);
            if (incompatible.contains(r)) continue;
            Values order = orders.get(r.key());
            int reader = nodeOf[r.txn()];
            for (int i = r.values().size() - 1; i >= 0; i--) {
                int w = node(nodeOf, r.values().at(i));
                if (w < 0) break;
                if (w == reader) continue;
                g.add(w, reader, DependencyGraph.WR, ri);
                break;
            }
            if (r.values().size() < order.size()) {
                int w = node(nodeOf, order.at(r.values().size()));
                if (w >= 0) g.add(reader, w, DependencyGraph.RW, ri);
            }
        }
        addRealTime(g, nodes);
        DependencyGraph.Explainer explainer = (from, to, type, why) -> explain(txnOf[from], txnOf[to], type, why, keys);
        for (int[] comp : g.components()) reportCycle(g, comp, explainer);
    }

    private int node(int[] nodeOf, long value) {
        int w = writer.get(value);
        return w < 0 ? -1 : nodeOf[w];
    }

    /** Puts one edge of a reported cycle into words (from, to: positions in the history). */
    private String explain(int from, int to, int type, int why, List<String> keys) {
        switch (type) {
            case DependencyGraph.WW -> {
                String key = keys.get(why);
                Values order = orders.get(key);
                for (int i = 0; i + 1 < order.size(); i++) {
                    if (writer.get(order.at(i)) == from && writer.get(order.at(i + 1)) == to) {
                        return "T" + id(from) + " appended " + order.at(i) + " to " + key + " just before T" + id(to)
                                + " appended " + order.at(i + 1);
                    }
                }
                return "T" + id(from) + " appended to " + key + " just before T" + id(to);
            }
            case DependencyGraph.WR -> {
                Read r = reads.get(why);
                return "T" + id(r.txn()) + " read " + r.key() + " = " + r.values()
                        + ", whose last element from another transaction T" + id(from) + " appended";
            }
            case DependencyGraph.RW -> {
                Read r = reads.get(why);
                long next = orders.get(r.key()).at(r.values().size());
                return "T" + id(r.txn()) + " read " + r.key() + " = " + r.values() + ", which does not yet have " + next
                        + " that T" + id(to) + " appended";
            }
            default -> {
                return "T" + id(from) + " completed before T" + id(to) + " was invoked";
            }
        }
    }

    private static void addRealTime(DependencyGraph g, List<Txn> nodes) {
        int okCount = 0;
        for (Txn t : nodes) if (t.ok()) okCount++;
        int[] order = new int[okCount];
        for (int i = 0, j = 0; i < nodes.size(); i++) if (nodes.get(i).ok()) order[j++] = i;
        sortByCompletion(order, nodes);
        int[] barrier = new int[okCount];
        long[] at = new long[okCount];
        for (int j = 0; j < okCount; j++) {
            barrier[j] = g.addBarrier();
            at[j] = nodes.get(order[j]).completed();
        }
        for (int j = 0; j < okCount; j++) {
            g.add(order[j], barrier[j], DependencyGraph.RT, 0);
            if (j > 0) g.add(barrier[j - 1], barrier[j], DependencyGraph.RT, 0);
        }
        for (int i = 0; i < nodes.size(); i++) {
            long invoked = nodes.get(i).invoked();
            int lo = 0, hi = at.length; // the number of completions strictly before `invoked`
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] < invoked) lo = mid + 1;
                else hi = mid;
            }
            if (lo > 0) g.add(barrier[lo - 1], i, DependencyGraph.RT, 0);
        }
    }

    /** Sorts node indices by completion time (stable), merging through a scratch array. */
    private static void sortByCompletion(int[] a, List<Txn> nodes) {
        int[] tmp = new int[a.length];
        for (int width = 1; width < a.length; width *= 2) {
            for (int lo = 0; lo < a.length; lo += 2 * width) {
                int mid = Math.min(lo + width, a.length), hi = Math.min(lo + 2 * width, a.length);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    tmp[k++] = nodes.get(a[j]).completed() < nodes.get(a[i]).completed() ? a[j++] : a[i++];
                }
                while (i < mid) tmp[k++] = a[i++];
                while (j < hi) tmp[k++] = a[j++];
            }
            System.arraycopy(tmp, 0, a, 0, a.length);
        }
    }

    private static final int[] MASKS = {
            DependencyGraph.WW,
            DependencyGraph.WW | DependencyGraph.WR,
            DependencyGraph.WW | DependencyGraph.WR | DependencyGraph.RW,
            DependencyGraph.WW | DependencyGraph.WR | DependencyGraph.RW | DependencyGraph.RT};

    private void reportCycle(DependencyGraph g, int[] comp, DependencyGraph.Explainer explainer) {
        for (int mask : MASKS) {
            DependencyGraph.Cycle c = g.shortestCycle(comp, mask, 64, explainer);
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

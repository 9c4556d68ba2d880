package io.redraft.testkit.elle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions as nodes and ww / wr / rw / real-time dependencies as edges (Adya's DSG plus
 * real-time order, as Elle builds it). Real-time order is an interval order with up to n² pairs, so
 * it goes through a chain of "barrier" nodes instead: a transaction points to the barrier of its
 * completion, barriers point to the next one, and the last barrier before a transaction's
 * invocation points to it. A path T1 ~> T2 through barriers exists exactly when T1 completed
 * before T2 was invoked, so cycles are preserved with O(n) edges.
 */
final class DependencyGraph {
    static final int WW = 1, WR = 2, RW = 4, RT = 8;

    private static final class Edge {
        final int to;
        int types;
        final String[] why = new String[4];

        Edge(int to) {
            this.to = to;
        }
    }

    private final int txnNodes;
    private final List<Map<Integer, Edge>> out = new ArrayList<>();
    private final List<Txn> txns;

    /** Nodes 0..txns.size()-1 are the transactions; more are added by {@link #addBarrier()}. */
    DependencyGraph(List<Txn> txns) {
        this.txns = txns;
        this.txnNodes = txns.size();
        for (int i = 0; i < txnNodes; i++) out.add(new LinkedHashMap<>());
    }

    int txnId(int node) {
        return txns.get(node).id();
    }

    int addBarrier() {
        out.add(new LinkedHashMap<>());
        return out.size() - 1;
    }

    void add(int from, int to, int type, String why) {
        if (from == to) return;
        Edge e = out.get(from).computeIfAbsent(to, Edge::new);
        int bit = Integer.numberOfTrailingZeros(type);
        if ((e.types & type) == 0) e.why[bit] = why;
        e.types |= type;
    }

    /** A cycle of transactions, each step labelled with the dependency that links it to the next. */
    record Cycle(List<Integer> nodes, List<Integer> types, List<String> reasons) {
        int count(int type) {
            return (int) types.stream().filter(t -> t == type).count();
        }
    }

    /** Strongly connected components with more than one transaction (Tarjan, iterative). */
    List<int[]> components() {
        int n = out.size();
        int[] index = new int[n], low = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0, counter = 0;
        List<int[]> result = new ArrayList<>();
        int[] callNode = new int[n];
        @SuppressWarnings("unchecked")
        java.util.Iterator<Integer>[] iters = new java.util.Iterator[n];
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int depth = 0;
            callNode[depth] = root;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            iters[root] = out.get(root).keySet().iterator();
            while (depth >= 0) {
                int v = callNode[depth];
                if (iters[v].hasNext()) {
                    int w = iters[v].next();
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        iters[w] = out.get(w).keySet().iterator();
                        callNode[++depth] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    List<Integer> comp = new ArrayList<>();
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        comp.add(w);
                    } while (w != v);
                    long realTxns = comp.stream().filter(x -> x < txnNodes).count();
                    if (realTxns > 1) result.add(comp.stream().mapToInt(Integer::intValue).toArray());
                }
                iters[v] = null;
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return result;
    }

    /**
     * The shortest cycle inside {@code component} that uses only edges whose types intersect
     * {@code mask}, trying a bounded number of starting transactions; null if none found.
     */
    Cycle shortestCycle(int[] component, int mask, int maxStarts) {
        boolean[] inComp = new boolean[out.size()];
        for (int v : component) inComp[v] = true;
        Cycle best = null;
        int starts = 0;
        for (int start : component) {
            if (start >= txnNodes) continue;
            if (starts++ == maxStarts) break;
            Cycle c = cycleThrough(start, inComp, mask);
            if (c != null && (best == null || c.nodes().size() < best.nodes().size())) best = c;
            if (best != null && best.nodes().size() == 2) break;
        }
        return best;
    }

    private Cycle cycleThrough(int start, boolean[] inComp, int mask) {
        Map<Integer, Integer> parent = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent.put(start, -1);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (Edge e : out.get(v).values()) {
                if ((e.types & mask) == 0 || !inComp[e.to]) continue;
                if (e.to == start) return unwind(start, v, parent, mask);
                if (parent.putIfAbsent(e.to, v) == null) queue.add(e.to);
            }
        }
        return null;
    }

    private Cycle unwind(int start, int last, Map<Integer, Integer> parent, int mask) {
        List<Integer> path = new ArrayList<>();
        for (int v = last; v != -1; v = parent.get(v)) path.add(0, v);
        path.add(start);
        // Collapse barrier runs: T1 -> b -> b -> T2 is one real-time step T1 -> T2.
        List<Integer> nodes = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            int from = path.get(i);
            if (from >= txnNodes) continue;
            int to = path.get(i + 1);
            if (to >= txnNodes) {
                int j = i + 1;
                while (path.get(j) >= txnNodes) j++;
                nodes.add(from);
                types.add(RT);
                reasons.add("T" + txns.get(from).id() + " completed before T" + txns.get(path.get(j)).id() + " was invoked");
                continue;
            }
            Edge e = out.get(from).get(to);
            int type = Integer.lowestOneBit(e.types & mask);
            nodes.add(from);
            types.add(type);
            reasons.add(e.why[Integer.numberOfTrailingZeros(type)]);
        }
        return new Cycle(nodes, types, reasons);
    }

    static String name(int type) {
        return switch (type) {
            case WW -> "ww";
            case WR -> "wr";
            case RW -> "rw";
            default -> "realtime";
        };
    }
}

package io.redraft.testkit.elle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions as nodes and ww / wr / rw / real-time dependencies as edges (Adya's DSG plus
 * real-time order, as Elle builds it). Real-time order is an interval order with up to n² pairs, so
 * it goes through a chain of "barrier" nodes instead: a transaction points to the barrier of its
 * completion, barriers point to the next one, and the last barrier before a transaction's
 * invocation points to it. A path T1 ~> T2 through barriers exists exactly when T1 completed
 * before T2 was invoked, so cycles are preserved with O(n) edges.
 *
 * <p>Compact, because a 30-minute history has a million transactions and several million edges:
 * edges are primitive arrays (target, type, an int the caller chose to explain the edge by),
 * frozen into adjacency arrays before the first search. An edge says <em>why</em> it exists only
 * when it is part of a reported cycle, by asking the {@link Explainer}; building a sentence per
 * edge (each quoting a whole list read) is what ran a ten-minute history out of heap.
 */
final class DependencyGraph {
    static final int WW = 1, WR = 2, RW = 4, RT = 8;

    /** Says why the edge {@code from -> to} of {@code type}, added with {@code reason}, exists. */
    interface Explainer {
        String explain(int from, int to, int type, int reason);
    }

    private final int txnNodes;
    private final List<Txn> txns;
    private int nodes;

    // edges while building, in insertion order
    private int[] eFrom, eTo, eReason;
    private byte[] eType;
    private int edgeCount;

    // after freeze(): the edges of node v are [first[v], first[v + 1])
    private int[] first, target, reason;
    private byte[] type;

    /**
     * Nodes 0..txns.size()-1 are the transactions; more are added by {@link #addBarrier()}.
     * {@code expectedEdges}: an upper bound if known, so the edge arrays never grow by copying.
     */
    DependencyGraph(List<Txn> txns, int expectedEdges) {
        this.txns = txns;
        this.txnNodes = txns.size();
        this.nodes = txnNodes;
        int cap = Math.max(16, expectedEdges);
        eFrom = new int[cap];
        eTo = new int[cap];
        eReason = new int[cap];
        eType = new byte[cap];
    }

    DependencyGraph(List<Txn> txns) {
        this(txns, 1024);
    }

    int txnId(int node) {
        return txns.get(node).id();
    }

    int addBarrier() {
        if (first != null) throw new IllegalStateException("graph frozen");
        return nodes++;
    }

    int edges() {
        return edgeCount;
    }

    void add(int from, int to, int edgeType, int why) {
        if (from == to) return;
        if (first != null) throw new IllegalStateException("graph frozen");
        if (edgeCount == eFrom.length) {
            int cap = edgeCount + (edgeCount >> 1) + 16;
            eFrom = Arrays.copyOf(eFrom, cap);
            eTo = Arrays.copyOf(eTo, cap);
            eReason = Arrays.copyOf(eReason, cap);
            eType = Arrays.copyOf(eType, cap);
        }
        eFrom[edgeCount] = from;
        eTo[edgeCount] = to;
        eReason[edgeCount] = why;
        eType[edgeCount] = (byte) edgeType;
        edgeCount++;
    }

    /** Counting sort of the edges by source; the building arrays are released. */
    private void freeze() {
        if (first != null) return;
        first = new int[nodes + 1];
        for (int i = 0; i < edgeCount; i++) first[eFrom[i] + 1]++;
        for (int v = 0; v < nodes; v++) first[v + 1] += first[v];
        int[] fill = Arrays.copyOf(first, nodes);
        target = new int[edgeCount];
        reason = new int[edgeCount];
        type = new byte[edgeCount];
        for (int i = 0; i < edgeCount; i++) {
            int at = fill[eFrom[i]]++;
            target[at] = eTo[i];
            reason[at] = eReason[i];
            type[at] = eType[i];
        }
        eFrom = eTo = eReason = null;
        eType = null;
    }

    /** A cycle of transactions, each step labelled with the dependency that links it to the next. */
    record Cycle(List<Integer> nodes, List<Integer> types, List<String> reasons) {
        int count(int type) {
            return (int) types.stream().filter(t -> t == type).count();
        }
    }

    /** Strongly connected components with more than one transaction (Tarjan, iterative). */
    List<int[]> components() {
        freeze();
        int n = nodes;
        int[] index = new int[n], low = new int[n], stack = new int[n], callNode = new int[n], pos = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int sp = 0, counter = 0;
        List<int[]> result = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int depth = 0;
            callNode[depth] = root;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            pos[root] = first[root];
            while (depth >= 0) {
                int v = callNode[depth];
                if (pos[v] < first[v + 1]) {
                    int w = target[pos[v]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        pos[w] = first[w];
                        callNode[++depth] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int top = sp;
                    int w;
                    int real = 0;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        if (w < txnNodes) real++;
                    } while (w != v);
                    if (real > 1) result.add(Arrays.copyOfRange(stack, sp, top));
                }
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
    Cycle shortestCycle(int[] component, int mask, int maxStarts, Explainer explainer) {
        freeze();
        boolean[] inComp = new boolean[nodes];
        for (int v : component) inComp[v] = true;
        List<Integer> best = null;
        long bestLength = Long.MAX_VALUE;
        int starts = 0;
        for (int start : component) {
            if (start >= txnNodes) continue;
            if (starts++ == maxStarts) break;
            List<Integer> c = cycleThrough(start, inComp, mask);
            if (c == null) continue;
            long length = c.stream().filter(v -> v < txnNodes).count() - 1; // transactions in the cycle
            if (length < bestLength) {
                best = c;
                bestLength = length;
            }
            if (bestLength == 2) break; // none shorter
        }
        return best == null ? null : describe(best, mask, explainer);
    }

    /** Breadth-first from {@code start} back to it; the path, start at both ends, or null. */
    private List<Integer> cycleThrough(int start, boolean[] inComp, int mask) {
        Map<Integer, Integer> parent = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent.put(start, -1);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int e = first[v]; e < first[v + 1]; e++) {
                int to = target[e];
                if ((type[e] & mask) == 0 || !inComp[to]) continue;
                if (to == start) {
                    List<Integer> path = new ArrayList<>();
                    for (int u = v; u != -1; u = parent.get(u)) path.add(0, u);
                    path.add(start);
                    return path;
                }
                if (parent.putIfAbsent(to, v) == null) queue.add(to);
            }
        }
        return null;
    }

    /** Collapses barrier runs (T1 -> b -> b -> T2 is one real-time step) and explains each step. */
    private Cycle describe(List<Integer> path, int mask, Explainer explainer) {
        List<Integer> cycle = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            int from = path.get(i);
            if (from >= txnNodes) continue;
            int to = path.get(i + 1);
            if (to >= txnNodes) {
                int j = i + 1;
                while (path.get(j) >= txnNodes) j++;
                cycle.add(from);
                types.add(RT);
                reasons.add("T" + txnId(from) + " completed before T" + txnId(path.get(j)) + " was invoked");
                continue;
            }
            int edge = -1;
            for (int e = first[from]; e < first[from + 1]; e++) {
                if (target[e] == to && (type[e] & mask) != 0 && (edge < 0 || type[e] < type[edge])) edge = e;
            }
            cycle.add(from);
            types.add((int) type[edge]);
            reasons.add(explainer.explain(from, to, type[edge], reason[edge]));
        }
        return new Cycle(cycle, types, reasons);
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

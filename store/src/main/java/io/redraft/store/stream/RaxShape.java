package io.redraft.store.stream;

import java.util.List;

/**
 * The number of nodes Redis's rax uses for a set of keys, which XINFO STREAM reports as
 * radix-tree-nodes. A rax is a compressed trie: the root, every point where keys branch, every
 * child of a branching point, and every point where a key ends are nodes; runs of single-child
 * points between them are folded into one compressed node. Stream rax keys are all 16 bytes,
 * so no key is a prefix of another.
 */
final class RaxShape {
    private RaxShape() {
    }

    /** {@code keys} sorted ascending (unsigned bytes), all of one length. */
    static long nodes(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return 1; // raxNew allocates the empty root
        }
        return count(keys, 0, keys.size(), 0);
    }

    /** Nodes of the subtree rooted at the point of depth {@code depth} shared by keys[lo, hi). */
    private static long count(List<byte[]> keys, int lo, int hi, int depth) {
        int len = keys.get(lo).length;
        if (depth == len) {
            return 1; // a key ends here: a leaf node
        }
        byte[] a = keys.get(lo);
        byte[] b = keys.get(hi - 1);
        if (a[depth] == b[depth]) {
            // one child: this node is compressed up to where the keys diverge (or end)
            int d = depth;
            while (d < len && a[d] == b[d]) {
                d++;
            }
            return 1 + count(keys, lo, hi, d);
        }
        long total = 1; // a branching node; each child starts a node
        int i = lo;
        while (i < hi) {
            byte c = keys.get(i)[depth];
            int j = i;
            while (j < hi && keys.get(j)[depth] == c) {
                j++;
            }
            total += count(keys, i, j, depth + 1);
            i = j;
        }
        return total;
    }
}

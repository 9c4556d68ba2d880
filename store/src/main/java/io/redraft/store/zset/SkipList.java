package io.redraft.store.zset;

import io.redraft.store.Bytes;

import java.util.Arrays;

/**
 * The sorted set's order: a skip list by (score, member bytes) whose links carry spans, so
 * rank lookups and rank ranges are O(log n) (Pugh's skip list with Redis's span extension).
 * Levels come from a fixed-seed generator: they shape performance only, never results.
 */
final class SkipList {
    static final int MAX_LEVEL = 32;

    static final class Node {
        final Bytes member;
        final double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, Bytes member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        Node next() {
            return forward[0];
        }
    }

    final Node header = new Node(MAX_LEVEL, 0, null);
    Node tail;
    int length;
    private int level = 1;
    private long seed = 0x2545F4914F6CDD1DL;

    private int randomLevel() {
        int lvl = 1;
        while (lvl < MAX_LEVEL) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            if ((seed & 3) != 0) { // p = 1/4, as Redis
                break;
            }
            lvl++;
        }
        return lvl;
    }

    static int compare(double s1, Bytes m1, double s2, Bytes m2) {
        int c = Double.compare(s1, s2);
        if (s1 == s2) {
            c = 0; // -0.0 and 0.0 are the same score
        }
        return c != 0 ? c : Arrays.compareUnsigned(m1.array(), m2.array());
    }

    Node insert(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) {
            x.forward[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    boolean delete(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x != null && x.score == score && x.member.equals(member)) {
            unlink(x, update);
            return true;
        }
        return false;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** 1-based rank of an element known to be present, 0 if absent. */
    long rank(double score, Bytes member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.member != null && x.member.equals(member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The element at 1-based rank, or null. */
    Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /** First element with score in range, or null. */
    Node firstInRange(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && r.lteMax(x.score) ? x : null;
    }

    Node lastInRange(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return x != header && r.gteMin(x.score) ? x : null;
    }

    Node firstInLex(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && r.lteMax(x.member) ? x : null;
    }

    Node lastInLex(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        return x != header && r.gteMin(x.member) ? x : null;
    }

    Node first() {
        return header.forward[0];
    }
}

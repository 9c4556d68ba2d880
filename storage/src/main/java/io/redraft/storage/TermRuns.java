package io.redraft.storage;

import java.util.Arrays;

/**
 * The term of every entry in the log, kept in memory as runs of equal terms (a term changes only
 * at an election, so a log of millions of entries has a handful of runs). The core asks for terms
 * on every commit and append check; reading them from the file would mean reading and checking
 * whole records, which for a 512 MB value is half a second on the node thread. Like etcd, which
 * never goes to disk for a term. Not thread-safe: the owning {@link DurableLog} guards it.
 */
final class TermRuns {
    /** First index of each run, ascending; {@code terms[k]} holds from there to the next run. */
    private long[] firsts = new long[8];
    private long[] terms = new long[8];
    private int runs;
    /** One past the last entry recorded. */
    private long end;

    /** Records entry {@code index}, which must follow the last one recorded (or start an empty log). */
    void append(long index, long term) {
        if (runs > 0 && index != end) {
            throw new IllegalArgumentException("entry " + index + " does not follow entry " + (end - 1));
        }
        if (runs == 0 || terms[runs - 1] != term) {
            if (runs == firsts.length) {
                firsts = Arrays.copyOf(firsts, runs * 2);
                terms = Arrays.copyOf(terms, runs * 2);
            }
            firsts[runs] = index;
            terms[runs] = term;
            runs++;
        }
        end = index + 1;
    }

    /** Term of a recorded entry; the caller has checked that {@code index} is in the log. */
    long term(long index) {
        if (runs == 0 || index < firsts[0] || index >= end) {
            throw new IndexOutOfBoundsException("no term recorded for entry " + index);
        }
        int k = Arrays.binarySearch(firsts, 0, runs, index);
        return terms[k >= 0 ? k : -k - 2];
    }

    /** Forgets entries at and after {@code index} (a replaced suffix). */
    void truncateFrom(long index) {
        if (runs == 0 || index >= end) return;
        while (runs > 0 && firsts[runs - 1] >= index) runs--;
        end = runs == 0 ? 0 : index;
    }

    /** Forgets entries at and before {@code index} (covered by a snapshot). */
    void dropThrough(long index) {
        if (runs == 0) return;
        if (index + 1 >= end) {
            clear();
            return;
        }
        int k = Arrays.binarySearch(firsts, 0, runs, index + 1);
        int keepFrom = k >= 0 ? k : -k - 2;
        if (keepFrom < 0) return; // everything recorded is already after index
        System.arraycopy(firsts, keepFrom, firsts, 0, runs - keepFrom);
        System.arraycopy(terms, keepFrom, terms, 0, runs - keepFrom);
        runs -= keepFrom;
        firsts[0] = Math.max(firsts[0], index + 1);
    }

    void clear() {
        runs = 0;
        end = 0;
    }
}

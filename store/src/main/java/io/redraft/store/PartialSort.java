package io.redraft.store;

import java.util.Comparator;
import java.util.List;

/**
 * Redis's pqsort: a Bentley-McIlroy quicksort that only recurses into partitions overlapping
 * the wanted index range. GEO searches with COUNT and SORT with BY and LIMIT sort this way, and
 * the order it leaves between equal elements is observable, so the same pivots and swaps are
 * made here.
 */
public final class PartialSort {
    private PartialSort() {
    }

    /** Sorts so that positions {@code lo..hi} (inclusive) hold what a full sort would put there. */
    public static <T> void sort(List<T> a, Comparator<? super T> cmp, int lo, int hi) {
        sort(a, 0, a.size(), cmp, lo, hi);
    }

    private static <T> void swap(List<T> a, int i, int j) {
        T t = a.get(i);
        a.set(i, a.get(j));
        a.set(j, t);
    }

    private static <T> void vecswap(List<T> a, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(a, i + k, j + k);
        }
    }

    private static <T> int med3(List<T> a, int x, int y, int z, Comparator<? super T> cmp) {
        return cmp.compare(a.get(x), a.get(y)) < 0
                ? (cmp.compare(a.get(y), a.get(z)) < 0 ? y : (cmp.compare(a.get(x), a.get(z)) < 0 ? z : x))
                : (cmp.compare(a.get(y), a.get(z)) > 0 ? y : (cmp.compare(a.get(x), a.get(z)) < 0 ? x : z));
    }

    /** Elements [base, base + n); lrange/rrange are element indexes of the wanted range. */
    private static <T> void sort(List<T> a, int base, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                for (int pm = base + 1; pm < base + n; pm++) {
                    for (int pl = pm; pl > base && cmp.compare(a.get(pl - 1), a.get(pl)) > 0; pl--) {
                        swap(a, pl, pl - 1);
                    }
                }
                return;
            }
            int pm = base + n / 2;
            if (n > 7) {
                int pl = base;
                int pn = base + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, base, pm);
            int pa = base + 1;
            int pb = pa;
            int pc = base + n - 1;
            int pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(a.get(pb), a.get(base))) <= 0) {
                    if (r == 0) {
                        swap(a, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a.get(pc), a.get(base))) >= 0) {
                    if (r == 0) {
                        swap(a, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(a, pb, pc);
                pb++;
                pc--;
            }
            int pn = base + n;
            int r = Math.min(pa - base, pb - pa);
            vecswap(a, base, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(a, pb, pn - r, r);
            if ((r = pb - pa) > 1) {
                int l = base;
                int rr = base + r - 1;
                if (!((lrange < l && rrange < l) || (lrange > rr && rrange > rr))) {
                    sort(a, base, r, cmp, lrange, rrange);
                }
            }
            if ((r = pd - pc) > 1) {
                base = pn - r;
                n = r;
                int l = base;
                int rr = base + r - 1;
                if (!((lrange < l && rrange < l) || (lrange > rr && rrange > rr))) {
                    continue;
                }
            }
            return;
        }
    }
}

package io.redraft.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Paged HSCAN/SSCAN/ZSCAN over a hashtable/skiplist-encoded collection. Elements are visited
 * in {@link Bytes#compareTo} order (content hash, then bytes), so the cursor is simply "the
 * scan order of the next element plus one" (0 starts and ends an iteration): it needs no
 * server-side state, does not depend on history, and an element present for the whole
 * iteration is returned at least once whatever is added or removed in between, as Redis
 * guarantees. Elements with equal hash go out in one page, so a cursor never splits them.
 *
 * <p>The sorted array is cached by the collection until its membership changes (4 bytes per
 * element while cached): an iteration without writes in between sorts once.
 */
public final class ElementScan {
    private ElementScan() {
    }

    /** The elements in scan order. */
    public static Bytes[] sort(Collection<Bytes> elements) {
        Bytes[] a = elements.toArray(new Bytes[0]);
        Arrays.sort(a);
        return a;
    }

    /**
     * One page from {@code cursor}: at least {@code count} elements (all of the last hash's
     * elements), fewer only at the end. Returns the next cursor, 0 when the iteration is complete.
     */
    public static long page(Bytes[] sorted, long cursor, long count, Consumer<Bytes> emit) {
        if (cursor < 0 || cursor > 0x1_0000_0000L) {
            return 0; // not a cursor we handed out: nothing left to visit
        }
        long pos = cursor == 0 ? 0 : cursor - 1;
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].scanOrder() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        long visited = 0;
        long last = -1;
        for (int i = lo; i < sorted.length; i++) {
            long order = sorted[i].scanOrder();
            if (visited >= count && order != last) {
                return order + 1;
            }
            last = order;
            visited++;
            emit.accept(sorted[i]);
        }
        return 0;
    }
}

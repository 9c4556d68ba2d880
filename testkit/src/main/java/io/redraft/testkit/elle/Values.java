package io.redraft.testkit.elle;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * What a list read returned, as an immutable {@code List<Long>} over a {@code long[]}: 8 bytes per
 * element instead of a boxed {@code Long} and a reference (a 30-minute history holds about a
 * million reads of up to 200 elements each). Reads of one key are prefixes of each other in a
 * valid history, so a read may share the array of a longer one ({@link #prefix}); the elements
 * below {@code size} of a shared array never change.
 */
public final class Values extends AbstractList<Long> implements RandomAccess {
    public static final Values EMPTY = new Values(new long[0], 0);

    private final long[] array;
    private final int size;

    private Values(long[] array, int size) {
        this.array = array;
        this.size = size;
    }

    /** The first {@code size} elements of {@code array}, which the caller never changes again. */
    public static Values wrap(long[] array, int size) {
        if (size < 0 || size > array.length) throw new IllegalArgumentException("size " + size);
        return size == 0 ? EMPTY : new Values(array, size);
    }

    public static Values copyOf(List<Long> list) {
        if (list instanceof Values v) return v;
        long[] a = new long[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return wrap(a, a.length);
    }

    public static Values of(long... values) {
        return wrap(values.clone(), values.length);
    }

    /** The first {@code n} elements, sharing this array. */
    public Values prefix(int n) {
        if (n == size) return this;
        if (n > size) throw new IndexOutOfBoundsException(n);
        return wrap(array, n);
    }

    public long at(int i) {
        if (i >= size) throw new IndexOutOfBoundsException(i);
        return array[i];
    }

    public long last() {
        return array[size - 1];
    }

    /** Whether this read is a prefix of {@code of} (equal included). */
    public boolean isPrefixOf(Values of) {
        if (size > of.size) return false;
        if (array == of.array) return true;
        return Arrays.equals(array, 0, size, of.array, 0, size);
    }

    public boolean containsValue(long v) {
        for (int i = 0; i < size; i++) if (array[i] == v) return true;
        return false;
    }

    @Override
    public Long get(int index) {
        return at(index);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Values v) return size == v.size && isPrefixOf(v);
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}

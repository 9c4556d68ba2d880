package io.redraft.store.list;

import io.redraft.store.Digests;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A list: a ring buffer of elements with O(1) push/pop at both ends and O(1) indexing.
 * Encoding follows Redis 7.2: a listpack while its estimated size stays under the 8 KB of
 * list-max-listpack-size -2, a quicklist above that, and back to a listpack only once it
 * shrinks below half the limit.
 */
public final class ListValue extends RedisObject {
    static final int LISTPACK_LIMIT_BYTES = 8192;

    private byte[][] items = new byte[8][];
    private int head;
    private int size;
    private long approxBytes;
    private boolean quicklist;

    public int size() {
        return size;
    }

    public byte[] get(int i) {
        return items[(head + i) & (items.length - 1)];
    }

    public void set(int i, byte[] v) {
        int at = (head + i) & (items.length - 1);
        approxBytes += cost(v) - cost(items[at]);
        items[at] = v;
        updateEncoding();
    }

    public void pushHead(byte[] v) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
        approxBytes += cost(v);
        updateEncoding();
    }

    public void pushTail(byte[] v) {
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
        approxBytes += cost(v);
        updateEncoding();
    }

    public byte[] popHead() {
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        approxBytes -= cost(v);
        updateEncoding();
        return v;
    }

    public byte[] popTail() {
        int at = (head + size - 1) & (items.length - 1);
        byte[] v = items[at];
        items[at] = null;
        size--;
        approxBytes -= cost(v);
        updateEncoding();
        return v;
    }

    /** Inserts so the new element ends up at index {@code i} (0..size). */
    public void insert(int i, byte[] v) {
        if (i == 0) {
            pushHead(v);
            return;
        }
        pushTail(v);
        for (int k = size - 1; k > i; k--) {
            items[(head + k) & (items.length - 1)] = get(k - 1);
        }
        items[(head + i) & (items.length - 1)] = v;
    }

    public void remove(int i) {
        byte[] v = get(i);
        for (int k = i; k < size - 1; k++) {
            items[(head + k) & (items.length - 1)] = get(k + 1);
        }
        items[(head + size - 1) & (items.length - 1)] = null;
        size--;
        approxBytes -= cost(v);
        updateEncoding();
    }

    /** Keeps only elements [from, to] (inclusive); callers pass a valid range or from > to. */
    public void trim(int from, int to) {
        byte[][] n = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, to - from + 1)) * 2)][];
        int k = 0;
        approxBytes = 0;
        for (int i = from; i <= to; i++) {
            n[k++] = get(i);
            approxBytes += cost(n[k - 1]);
        }
        items = n;
        head = 0;
        size = k;
        updateEncoding();
    }

    private void grow() {
        if (size == items.length) {
            byte[][] n = new byte[items.length * 2][];
            for (int i = 0; i < size; i++) {
                n[i] = get(i);
            }
            items = n;
            head = 0;
        }
    }

    /** Bytes a listpack entry takes: encoding header, payload, back-length. */
    private static long cost(byte[] v) {
        int len = v.length;
        return len + (len < 64 ? 1 : len < 4096 ? 2 : 5) + (len < 127 ? 1 : 2);
    }

    private void updateEncoding() {
        long total = 7 + approxBytes;
        if (!quicklist && total > LISTPACK_LIMIT_BYTES) {
            quicklist = true;
        } else if (quicklist && total < LISTPACK_LIMIT_BYTES / 2) {
            quicklist = false;
        }
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return quicklist ? "quicklist" : "listpack";
    }

    @Override
    public boolean isEmptyCollection() {
        return size == 0;
    }

    @Override
    public RedisObject copy() {
        ListValue l = new ListValue();
        for (int i = 0; i < size; i++) {
            l.pushTail(get(i));
        }
        return l;
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(quicklist);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            byte[] v = get(i);
            out.writeInt(v.length);
            out.write(v);
        }
    }

    public static ListValue readFrom(java.io.DataInputStream in) throws java.io.IOException {
        ListValue l = new ListValue();
        boolean quicklist = in.readBoolean();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] v = new byte[in.readInt()];
            in.readFully(v);
            l.pushTail(v);
        }
        l.quicklist = quicklist;
        return l;
    }

    @Override
    public byte[] contentDigest() {
        MessageDigest md = Digests.sha1();
        for (int i = 0; i < size; i++) {
            Digests.update(md, get(i));
        }
        return md.digest();
    }

    public boolean equalsAt(int i, byte[] v) {
        return Arrays.equals(get(i), v);
    }
}

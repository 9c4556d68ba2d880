package io.redraft.store.sort;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SORT and SORT_RO (Redis's sort.c): lists, sets and sorted sets, numerically or ALPHA, by the
 * elements or by keys a BY pattern names (hash fields with {@code ->}), GET patterns,
 * LIMIT and STORE (a list). The patterns read other keys, which every replica holds: there is
 * one shard group, so unlike Redis Cluster they are allowed.
 */
public final class SortCommands {
    private SortCommands() {
    }

    public static void register(CommandTable t) {
        t.add("sort", -2, "write denyoom movablekeys", 1, 1, 1, SortCommands::keys, c -> sort(c, false));
        t.add("sort_ro", -2, "readonly movablekeys", 1, 1, 1, a -> List.of(1), c -> sort(c, true));
    }

    /** The sorted key and the last STORE target, skipping the arguments of LIMIT, GET and BY (sortGetKeys). */
    static List<Integer> keys(List<byte[]> argv) {
        List<Integer> out = new ArrayList<>(List.of(1));
        Integer store = null;
        for (int i = 2; i < argv.size(); i++) {
            String a = new String(argv.get(i), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            switch (a) {
                case "limit" -> i += 2;
                case "get", "by" -> i += 1;
                case "store" -> {
                    if (i + 1 < argv.size()) {
                        store = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        if (store != null) {
            out.add(store);
        }
        return out;
    }

    /** One element to sort, with the value it sorts by. */
    private static final class Item {
        final byte[] obj;
        double score;
        byte[] cmpObj;

        Item(byte[] obj) {
            this.obj = obj;
        }
    }

    static void sort(Call c, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        long limitStart = 0;
        long limitCount = -1;
        boolean dontSort = false;
        byte[] sortBy = null;
        Bytes storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (c.argIs(j, "asc")) {
                desc = false;
            } else if (c.argIs(j, "desc")) {
                desc = true;
            } else if (c.argIs(j, "alpha")) {
                alpha = true;
            } else if (c.argIs(j, "limit") && left >= 2) {
                limitStart = c.longArg(j + 1);
                limitCount = c.longArg(j + 2);
                j += 2;
            } else if (!readonly && c.argIs(j, "store") && left >= 1) {
                storeKey = c.key(j + 1);
                j++;
            } else if (c.argIs(j, "by") && left >= 1) {
                sortBy = c.arg(j + 1);
                // A BY pattern without '*' names one key for every element: nothing to sort by.
                dontSort = indexOf(sortBy, (byte) '*', 0, cLength(sortBy)) < 0;
                j++;
            } else if (c.argIs(j, "get") && left >= 1) {
                gets.add(c.arg(j + 1));
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        RedisObject o = c.ks().get(c.key(1), c.now());
        if (o != null && !(o instanceof ListValue || o instanceof SetValue || o instanceof ZSetValue)) {
            throw Errors.wrongType();
        }
        if (dontSort && o instanceof SetValue && storeKey != null) {
            // A set's own order is its hash table's: a stored result must not depend on it.
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        int len = switch (o) {
            case null -> 0;
            case ListValue l -> l.size();
            case SetValue s -> s.size();
            case ZSetValue z -> z.size();
            default -> 0;
        };
        long start = Math.min(Math.max(limitStart, 0), len);
        limitCount = Math.min(Math.max(limitCount, -1), len);
        long end = limitCount < 0 ? len - 1 : start + limitCount - 1;
        if (start >= len) {
            start = len - 1;
            end = len - 2;
        }
        if (end >= len) {
            end = len - 1;
        }
        List<Item> vector = new ArrayList<>();
        boolean direct = dontSort && (o instanceof ListValue || o instanceof ZSetValue);
        if (direct) {
            // Lists and sorted sets keep their own order (reversed by DESC); LIMIT picks the range.
            List<byte[]> all = new ArrayList<>(len);
            if (o instanceof ListValue l) {
                for (int i = 0; i < len; i++) {
                    all.add(l.get(i));
                }
            } else {
                ((ZSetValue) o).forEachInOrder((m, score) -> all.add(m.array()));
            }
            for (long i = start; i <= end; i++) {
                vector.add(new Item(all.get((int) (desc ? len - 1 - i : i))));
            }
            end -= start;
            start = 0;
        } else if (o instanceof ListValue l) {
            for (int i = 0; i < len; i++) {
                vector.add(new Item(l.get(i)));
            }
        } else if (o instanceof SetValue s) {
            s.replyOrder().forEach(m -> vector.add(new Item(m.array())));
        } else if (o instanceof ZSetValue z) {
            z.forEachInOrder((m, score) -> vector.add(new Item(m.array())));
        }
        boolean conversionError = false;
        if (!dontSort) {
            for (Item it : vector) {
                byte[] by = sortBy != null ? lookup(c, sortBy, it.obj) : it.obj;
                if (by == null) {
                    continue;
                }
                if (alpha) {
                    if (sortBy != null) {
                        it.cmpObj = by;
                    }
                } else {
                    Double d = strtod(by);
                    if (d == null) {
                        conversionError = true;
                    } else {
                        it.score = d;
                    }
                }
            }
            Comparator<Item> cmp = comparator(alpha, sortBy != null, storeKey != null);
            if (desc) {
                cmp = cmp.reversed();
            }
            if (sortBy != null && (start != 0 || end != vector.size() - 1)) {
                io.redraft.store.PartialSort.sort(vector, cmp, (int) start, (int) end);
            } else {
                vector.sort(cmp);
            }
        }
        long outputLen = (gets.isEmpty() ? 1 : gets.size()) * (end - start + 1);
        ReplySink out = c.out();
        if (conversionError) {
            throw new CommandError("ERR One or more scores can't be converted into double");
        }
        if (storeKey == null) {
            out.arrayHeader((int) outputLen);
            for (long j = start; j <= end; j++) {
                Item it = vector.get((int) j);
                if (gets.isEmpty()) {
                    out.bulk(it.obj);
                }
                for (byte[] pattern : gets) {
                    byte[] v = lookup(c, pattern, it.obj);
                    if (v == null) {
                        out.nullBulk();
                    } else {
                        out.bulk(v);
                    }
                }
            }
            return;
        }
        ListValue stored = new ListValue();
        for (long j = start; j <= end; j++) {
            Item it = vector.get((int) j);
            if (gets.isEmpty()) {
                stored.pushTail(it.obj);
            }
            for (byte[] pattern : gets) {
                byte[] v = lookup(c, pattern, it.obj);
                stored.pushTail(v == null ? new byte[0] : v);
            }
        }
        c.ks().getForWrite(storeKey, c.now());
        if (outputLen > 0) {
            c.ks().put(storeKey, stored); // replaces, expiry included, as Redis's setKey
            c.notify(NotifyFlags.LIST, "sortstore", storeKey);
        } else if (c.ks().remove(storeKey)) {
            c.notify(NotifyFlags.GENERIC, "del", storeKey);
        }
        out.integer(outputLen);
    }

    /** sortCompare: numeric with a binary tie-break, or ALPHA (by pattern values, missing first). */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store) {
        if (!alpha) {
            return (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : binary(a.obj, b.obj);
        }
        if (byPattern) {
            return (a, b) -> {
                if (a.cmpObj == null || b.cmpObj == null) {
                    return a.cmpObj == b.cmpObj ? 0 : a.cmpObj == null ? -1 : 1;
                }
                return store ? binary(a.cmpObj, b.cmpObj) : collate(a.cmpObj, b.cmpObj);
            };
        }
        return (a, b) -> store ? binary(a.obj, b.obj) : collate(a.obj, b.obj);
    }

    /** compareStringObjects: memcmp, then the shorter first. */
    private static int binary(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** strcoll in the C locale the server runs with: strcmp, which stops at the first NUL. */
    private static int collate(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, 0, cLength(a), b, 0, cLength(b));
    }

    private static int cLength(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by
     * the element and the key read as a string, or, with "->field" after the '*', as a hash
     * field. Null when there is no '*', no such key, or a key of another type.
     */
    static byte[] lookup(Call c, byte[] pattern, byte[] subst) {
        if (pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return subst;
        }
        int clen = cLength(pattern);
        int star = indexOf(pattern, (byte) '*', 0, clen);
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < clen; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        byte[] field = null;
        if (arrow >= 0 && arrow + 2 < clen) {
            field = java.util.Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
        }
        int postfix = pattern.length - (star + 1) - (field != null ? field.length + 2 : 0);
        byte[] key = new byte[star + subst.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, postfix);
        RedisObject o = c.ks().get(Bytes.wrap(key), c.now());
        if (field != null) {
            return o instanceof HashValue h ? h.get(Bytes.wrap(field)) : null;
        }
        return o instanceof StringValue s ? s.bytes() : null;
    }

    /**
     * The score of a value as strtod reads it: leading spaces skipped, the whole text (up to a
     * NUL) consumed, no overflow or NaN; empty text is 0. Null when it cannot be converted.
     */
    static Double strtod(byte[] b) {
        int n = cLength(b);
        if (n == 0) {
            return 0.0;
        }
        int i = 0;
        while (i < n && " \t\n\u000b\f\r".indexOf(b[i]) >= 0) {
            i++;
        }
        Double d = Nums.parseDoubleSyntax(java.util.Arrays.copyOfRange(b, i, n));
        if (d == null || d.isNaN()) {
            return null;
        }
        byte[] text = java.util.Arrays.copyOfRange(b, i, n);
        String s = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (d.isInfinite() && !s.contains("inf")) {
            return null; // ERANGE: overflow
        }
        if (d == 0 && Nums.parseDoubleOr(text) == null && !s.contains("inf")) {
            return null; // ERANGE: underflow to zero
        }
        return d;
    }
}

package io.redraft.store.list;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.IndexRange;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Replies;

import java.util.ArrayList;
import java.util.List;

/** List commands (Redis's t_list.c), without the blocking variants. */
public final class ListCommands {
    private ListCommands() {
    }

    public static void register(CommandTable t) {
        t.add("lpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, false));
        t.add("rpush", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, false));
        t.add("lpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, true, true));
        t.add("rpushx", -3, "write denyoom fast", 1, 1, 1, c -> push(c, false, true));
        t.add("lpop", -2, "write fast", 1, 1, 1, c -> pop(c, true));
        t.add("rpop", -2, "write fast", 1, 1, 1, c -> pop(c, false));
        t.add("llen", 2, "readonly fast", 1, 1, 1, c -> {
            ListValue l = read(c);
            c.out().integer(l == null ? 0 : l.size());
        });
        t.add("lindex", 3, "readonly", 1, 1, 1, ListCommands::lindex);
        t.add("lset", 4, "write denyoom", 1, 1, 1, ListCommands::lset);
        t.add("lrange", 4, "readonly", 1, 1, 1, ListCommands::lrange);
        t.add("ltrim", 4, "write", 1, 1, 1, ListCommands::ltrim);
        t.add("lrem", 4, "write", 1, 1, 1, ListCommands::lrem);
        t.add("linsert", 5, "write denyoom", 1, 1, 1, ListCommands::linsert);
        t.add("lpos", -3, "readonly", 1, 1, 1, ListCommands::lpos);
        t.add("lmove", 5, "write denyoom", 1, 2, 1, ListCommands::lmove);
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1, c -> move(c, false, true));
        t.add("lmpop", -4, "write movablekeys", 0, 0, 0, ListCommands::numkeysFinder, ListCommands::lmpop);
    }

    /** Key positions for {@code CMD numkeys key... rest}. */
    public static List<Integer> numkeysFinder(List<byte[]> argv) {
        List<Integer> out = new ArrayList<>();
        if (argv.size() < 2) {
            return out;
        }
        Long n = io.redraft.store.Nums.parseLongOr(argv.get(1), 0L);
        for (int i = 0; i < n && 2 + i < argv.size(); i++) {
            out.add(2 + i);
        }
        return out;
    }

    static ListValue read(Call c) {
        return c.ks().get(c.key(1), c.now(), ListValue.class);
    }

    static ListValue write(Call c, int i) {
        return c.ks().getForWrite(c.key(i), c.now(), ListValue.class);
    }

    static void push(Call c, boolean head, boolean onlyIfExists) {
        ListValue l = write(c, 1);
        if (l == null) {
            if (onlyIfExists) {
                c.out().integer(0);
                return;
            }
            l = new ListValue();
            c.ks().put(c.key(1), l);
        }
        for (int i = 2; i < c.argc(); i++) {
            if (head) {
                l.pushHead(c.arg(i));
            } else {
                l.pushTail(c.arg(i));
            }
        }
        c.notify(NotifyFlags.LIST, head ? "lpush" : "rpush", c.key(1));
        c.ks().signalReady(c.key(1));
        c.out().integer(l.size());
    }

    static void pop(Call c, boolean head) {
        if (c.argc() > 3) {
            throw new CommandError(CommandTable.arityError(c.spec()));
        }
        boolean hasCount = c.argc() == 3;
        long count = hasCount ? Replies.positiveLong(c, 2, null) : 0;
        ListValue l = write(c, 1);
        if (l == null) {
            if (hasCount) {
                c.out().nullArray();
            } else {
                c.out().nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            c.out().arrayHeader(0);
            return;
        }
        if (!hasCount) {
            c.out().bulk(head ? l.popHead() : l.popTail());
        } else {
            int n = (int) Math.min(count, l.size());
            c.out().arrayHeader(n);
            for (int i = 0; i < n; i++) {
                c.out().bulk(head ? l.popHead() : l.popTail());
            }
        }
        c.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", c.key(1));
        removeIfEmpty(c, c.key(1), l);
    }

    /** Deletes a list left empty, with Redis's "del" event. */
    static void removeIfEmpty(Call c, Bytes key, ListValue l) {
        if (l.size() == 0) {
            c.ks().remove(key);
            c.notify(NotifyFlags.GENERIC, "del", key);
        }
    }

    static void lindex(Call c) {
        ListValue l = read(c);
        if (l == null) {
            c.out().nullBulk();
            return;
        }
        long idx = c.longArg(2);
        if (idx < 0) {
            idx += l.size();
        }
        if (idx < 0 || idx >= l.size()) {
            c.out().nullBulk();
        } else {
            c.out().bulk(l.get((int) idx));
        }
    }

    static void lset(Call c) {
        ListValue l = write(c, 1);
        if (l == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        long idx = c.longArg(2);
        if (idx < 0) {
            idx += l.size();
        }
        if (idx < 0 || idx >= l.size()) {
            throw new CommandError(Errors.OUT_OF_RANGE);
        }
        l.set((int) idx, c.arg(3));
        c.notify(NotifyFlags.LIST, "lset", c.key(1));
        c.ok();
    }

    static void lrange(Call c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        ListValue l = read(c);
        if (l == null) {
            c.out().arrayHeader(0);
            return;
        }
        replyRange(c.out(), l, start, end);
    }

    static void replyRange(ReplySink out, ListValue l, long start, long end) {
        IndexRange r = IndexRange.ofElements(start, end, l.size());
        if (r == null) {
            out.arrayHeader(0);
            return;
        }
        out.arrayHeader((int) r.count());
        for (long i = r.start(); i <= r.end(); i++) {
            out.bulk(l.get((int) i));
        }
    }

    static void ltrim(Call c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        ListValue l = write(c, 1);
        if (l == null) {
            c.ok();
            return;
        }
        IndexRange r = IndexRange.ofElements(start, end, l.size());
        if (r == null) {
            l.trim(0, -1);
        } else {
            l.trim((int) r.start(), (int) r.end());
        }
        c.notify(NotifyFlags.LIST, "ltrim", c.key(1));
        removeIfEmpty(c, c.key(1), l);
        c.ok();
    }

    static void lrem(Call c) {
        long count = c.longArg(2);
        ListValue l = write(c, 1);
        if (l == null) {
            c.out().integer(0);
            return;
        }
        byte[] v = c.arg(3);
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < l.size() && (count == 0 || removed < count); ) {
                if (l.equalsAt(i, v)) {
                    l.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            // Redis negates the count in C, where -LLONG_MIN stays negative and no count of
            // removals ever equals it: LLONG_MIN removes every match, from the tail.
            for (int i = l.size() - 1; i >= 0 && (count == Long.MIN_VALUE || removed < -count); i--) {
                if (l.equalsAt(i, v)) {
                    l.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            c.notify(NotifyFlags.LIST, "lrem", c.key(1));
            removeIfEmpty(c, c.key(1), l);
        }
        c.out().integer(removed);
    }

    static void linsert(Call c) {
        boolean after;
        if (c.argIs(2, "after")) {
            after = true;
        } else if (c.argIs(2, "before")) {
            after = false;
        } else {
            throw Errors.syntax();
        }
        ListValue l = write(c, 1);
        if (l == null) {
            c.out().integer(0);
            return;
        }
        for (int i = 0; i < l.size(); i++) {
            if (l.equalsAt(i, c.arg(3))) {
                l.insert(after ? i + 1 : i, c.arg(4));
                c.notify(NotifyFlags.LIST, "linsert", c.key(1));
                c.ks().signalReady(c.key(1));
                c.out().integer(l.size());
                return;
            }
        }
        c.out().integer(-1);
    }

    static void lpos(Call c) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < c.argc(); j++) {
            boolean more = j < c.argc() - 1;
            if (c.argIs(j, "rank") && more) {
                // -LLONG_MIN has no positive counterpart: out of range, as Redis's tests expect.
                rank = Replies.rangeLong(c, ++j, -Long.MAX_VALUE, Long.MAX_VALUE, null);
                if (rank == 0) {
                    throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match, "
                            + "2 from the second ... or use negative to start from the end of the list");
                }
            } else if (c.argIs(j, "count") && more) {
                count = Replies.positiveLong(c, ++j, "COUNT can't be negative");
            } else if (c.argIs(j, "maxlen") && more) {
                maxlen = Replies.positiveLong(c, ++j, "MAXLEN can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        ListValue l = read(c);
        if (l == null) {
            if (count != -1) {
                c.out().arrayHeader(0);
            } else {
                c.out().nullBulk();
            }
            return;
        }
        int len = l.size();
        List<Long> found = new ArrayList<>();
        long matches = 0;
        for (int index = 0; index < len && (maxlen == 0 || index < maxlen); index++) {
            int at = fromTail ? len - index - 1 : index;
            if (l.equalsAt(at, c.arg(2))) {
                matches++;
                if (matches >= rank) {
                    found.add((long) at);
                    if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
                        break;
                    }
                }
            }
        }
        if (count != -1) {
            c.out().arrayHeader(found.size());
            found.forEach(c.out()::integer);
        } else if (found.isEmpty()) {
            c.out().nullBulk();
        } else {
            c.out().integer(found.get(0));
        }
    }

    private static boolean side(Call c, int i) {
        if (c.argIs(i, "left")) {
            return true;
        }
        if (c.argIs(i, "right")) {
            return false;
        }
        throw Errors.syntax();
    }

    static void lmove(Call c) {
        boolean fromLeft = side(c, 3);
        boolean toLeft = side(c, 4);
        move(c, fromLeft, toLeft);
    }

    static void move(Call c, boolean fromHead, boolean toHead) {
        ListValue src = write(c, 1);
        if (src == null) {
            c.out().nullBulk();
            return;
        }
        Bytes dstKey = c.key(2);
        ListValue dst = c.ks().getForWrite(dstKey, c.now(), ListValue.class);
        byte[] v = fromHead ? src.popHead() : src.popTail();
        if (dst == null) {
            dst = new ListValue();
            c.ks().put(dstKey, dst);
        }
        if (toHead) {
            dst.pushHead(v);
        } else {
            dst.pushTail(v);
        }
        c.notify(NotifyFlags.LIST, toHead ? "lpush" : "rpush", dstKey);
        c.ks().signalReady(dstKey);
        c.notify(NotifyFlags.LIST, fromHead ? "lpop" : "rpop", c.key(1));
        removeIfEmpty(c, c.key(1), src);
        c.out().bulk(v);
    }

    static void lmpop(Call c) {
        long numkeys = Replies.rangeLong(c, 1, 1, Long.MAX_VALUE, "numkeys should be greater than 0");
        long whereIdx = 2 + numkeys;
        if (whereIdx >= c.argc()) {
            throw Errors.syntax();
        }
        boolean head = side(c, (int) whereIdx);
        long count = Replies.mpopCount(c, (int) whereIdx + 1);
        for (int k = 0; k < numkeys; k++) {
            ListValue l = write(c, 2 + k);
            if (l == null || l.size() == 0) {
                continue;
            }
            ReplySink out = c.out();
            out.arrayHeader(2);
            out.bulk(c.arg(2 + k));
            int n = (int) Math.min(count, l.size());
            out.arrayHeader(n);
            for (int i = 0; i < n; i++) {
                out.bulk(head ? l.popHead() : l.popTail());
            }
            c.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", c.key(2 + k));
            removeIfEmpty(c, c.key(2 + k), l);
            return;
        }
        c.out().nullArray();
    }
}

package io.redraft.store.set;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Replies;
import io.redraft.store.Sampling;
import io.redraft.store.ElementScan;
import io.redraft.store.keys.Scan;
import io.redraft.store.list.ListCommands;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/** Set commands (Redis's t_set.c). */
public final class SetCommands {
    private SetCommands() {
    }

    public static void register(CommandTable t) {
        t.add("sadd", -3, "write denyoom fast", 1, 1, 1, SetCommands::sadd);
        t.add("srem", -3, "write fast", 1, 1, 1, SetCommands::srem);
        t.add("smembers", 2, "readonly", 1, 1, 1, c -> combine(c, 1, 1, Op.INTER, null, false, 0));
        t.add("sismember", 3, "readonly fast", 1, 1, 1, SetCommands::sismember);
        t.add("smismember", -3, "readonly fast", 1, 1, 1, SetCommands::smismember);
        t.add("scard", 2, "readonly fast", 1, 1, 1, c -> {
            SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
            c.out().integer(s == null ? 0 : s.size());
        });
        t.add("spop", -2, "write random fast", 1, 1, 1, SetCommands::spop);
        t.add("srandmember", -2, "readonly random", 1, 1, 1, SetCommands::srandmember);
        t.add("smove", 4, "write fast", 1, 2, 1, SetCommands::smove);
        t.add("sinter", -2, "readonly", 1, -1, 1, c -> combine(c, 1, c.argc() - 1, Op.INTER, null, false, 0));
        t.add("sinterstore", -3, "write denyoom", 1, -1, 1,
                c -> combine(c, 2, c.argc() - 2, Op.INTER, c.key(1), false, 0));
        t.add("sintercard", -3, "readonly movablekeys", 0, 0, 0, ListCommands::numkeysFinder, SetCommands::sintercard);
        t.add("sunion", -2, "readonly", 1, -1, 1, c -> combine(c, 1, c.argc() - 1, Op.UNION, null, false, 0));
        t.add("sunionstore", -3, "write denyoom", 1, -1, 1,
                c -> combine(c, 2, c.argc() - 2, Op.UNION, c.key(1), false, 0));
        t.add("sdiff", -2, "readonly", 1, -1, 1, c -> combine(c, 1, c.argc() - 1, Op.DIFF, null, false, 0));
        t.add("sdiffstore", -3, "write denyoom", 1, -1, 1,
                c -> combine(c, 2, c.argc() - 2, Op.DIFF, c.key(1), false, 0));
        t.add("sscan", -3, "readonly random", 1, 1, 1, SetCommands::sscan);
    }

    enum Op { INTER, UNION, DIFF }

    static void sadd(Call c) {
        SetValue s = c.ks().getForWrite(c.key(1), c.now(), SetValue.class);
        if (s == null) {
            s = new SetValue();
            c.ks().put(c.key(1), s);
        }
        long added = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (s.add(c.key(i))) {
                added++;
            }
        }
        if (added > 0) {
            c.notify(NotifyFlags.SET, "sadd", c.key(1));
        }
        c.out().integer(added);
    }

    static void srem(Call c) {
        SetValue s = c.ks().getForWrite(c.key(1), c.now(), SetValue.class);
        if (s == null) {
            c.out().integer(0);
            return;
        }
        long n = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (s.remove(c.key(i))) {
                n++;
                if (s.size() == 0) {
                    break;
                }
            }
        }
        if (n > 0) {
            c.notify(NotifyFlags.SET, "srem", c.key(1));
            removeIfEmpty(c, c.key(1), s);
        }
        c.out().integer(n);
    }

    static void sismember(Call c) {
        SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
        c.out().integer(s != null && s.contains(c.key(2)) ? 1 : 0);
    }

    static void smismember(Call c) {
        SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
        c.out().arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            c.out().integer(s != null && s.contains(c.key(i)) ? 1 : 0);
        }
    }

    /**
     * SINTER/SUNION/SDIFF and their STORE forms (Redis's sinterGenericCommand and
     * sunionDiffGenericCommand): every key is type-checked first; a missing key is empty.
     */
    static void combine(Call c, int first, int n, Op op, Bytes dst, boolean cardOnly, long limit) {
        List<SetValue> sets = new ArrayList<>(n);
        boolean anyMissing = false;
        for (int i = first; i < first + n; i++) {
            SetValue s = dst != null ? c.ks().getForWrite(c.key(i), c.now(), SetValue.class)
                    : c.ks().get(c.key(i), c.now(), SetValue.class);
            anyMissing |= s == null;
            if (s == null && dst != null) {
                c.ks().notifyMiss(c.key(i)); // Redis reads STORE sources with lookupKeyRead
            }
            sets.add(s);
        }
        LinkedHashSet<Bytes> result = new LinkedHashSet<>();
        if (op == Op.INTER) {
            if (!anyMissing) {
                List<SetValue> bySize = new ArrayList<>(sets);
                bySize.sort((a, b) -> Integer.compare(a.size(), b.size()));
                // A reply walks the smallest set in Redis's order (an intset ascending); a STORE
                // walks the internal order, which no encoding changes, so replicas store alike.
                SetValue smallest = bySize.get(0);
                outer:
                for (Bytes m : dst == null ? smallest.replyOrder() : smallest.members()) {
                    for (int k = 1; k < bySize.size(); k++) {
                        if (!bySize.get(k).contains(m)) {
                            continue outer;
                        }
                    }
                    result.add(m);
                    if (cardOnly && limit > 0 && result.size() >= limit) {
                        break;
                    }
                }
            }
        } else if (op == Op.UNION) {
            for (SetValue s : sets) {
                if (s != null) {
                    result.addAll(s.members());
                }
            }
        } else if (sets.get(0) != null) {
            outer:
            for (Bytes m : sets.get(0).members()) {
                for (int k = 1; k < sets.size(); k++) {
                    if (sets.get(k) != null && sets.get(k).contains(m)) {
                        continue outer;
                    }
                }
                result.add(m);
            }
        }
        ReplySink out = c.out();
        if (cardOnly) {
            out.integer(result.size());
            return;
        }
        if (dst != null) {
            c.ks().getForWrite(dst, c.now());
            if (result.isEmpty()) {
                if (c.ks().remove(dst)) {
                    c.notify(NotifyFlags.GENERIC, "del", dst);
                }
            } else {
                SetValue s = new SetValue();
                result.forEach(s::add);
                c.ks().put(dst, s);
                c.notify(NotifyFlags.SET, switch (op) {
                    case INTER -> "sinterstore";
                    case UNION -> "sunionstore";
                    case DIFF -> "sdiffstore";
                }, dst);
            }
            out.integer(result.size());
            return;
        }
        out.setHeader(result.size());
        if (op == Op.INTER) {
            result.forEach(m -> out.bulk(m.array()));
            return;
        }
        // Redis gathers a union or difference into a new set that starts as an intset, so an
        // all-integer result of at most 512 members comes out ascending.
        SetValue gathered = new SetValue();
        result.forEach(gathered::add);
        gathered.replyOrder().forEach(m -> out.bulk(m.array()));
    }

    static void sintercard(Call c) {
        long numkeys = Replies.rangeLong(c, 1, 1, Long.MAX_VALUE, "numkeys should be greater than 0");
        if (numkeys > c.argc() - 2) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc(); j++) {
            if (c.argIs(j, "limit") && j < c.argc() - 1) {
                limit = Replies.positiveLong(c, ++j, "LIMIT can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        combine(c, 2, (int) numkeys, Op.INTER, null, true, limit);
    }

    static void spop(Call c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        if (c.argc() == 2) {
            SetValue s = c.ks().getForWrite(c.key(1), c.now(), SetValue.class);
            if (s == null) {
                c.out().nullBulk();
                return;
            }
            Bytes m = s.random(c.random());
            s.remove(m);
            c.notify(NotifyFlags.SET, "spop", c.key(1));
            removeIfEmpty(c, c.key(1), s);
            c.out().bulk(m.array());
            return;
        }
        long count = Replies.positiveLong(c, 2, null);
        SetValue s = c.ks().getForWrite(c.key(1), c.now(), SetValue.class);
        if (s == null || count == 0) {
            c.out().setHeader(0);
            return;
        }
        // Picks and pops follow the internal order, never the encoding's (see SetValue.replyOrder).
        List<Bytes> popped = count >= s.size() ? new ArrayList<>(s.members())
                : new ArrayList<>(Sampling.distinct(s.members(), (int) count, c.random()));
        popped.forEach(s::remove);
        c.notify(NotifyFlags.SET, "spop", c.key(1));
        removeIfEmpty(c, c.key(1), s);
        c.out().setHeader(popped.size());
        popped.forEach(m -> c.out().bulk(m.array()));
    }

    static void srandmember(Call c) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        if (c.argc() == 2) {
            SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
            if (s == null) {
                c.out().nullBulk();
            } else {
                c.out().bulk(s.random(c.random()).array());
            }
            return;
        }
        long l = Replies.rangeLong(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
        SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
        ReplySink out = c.out();
        if (s == null || l == 0) {
            out.arrayHeader(0);
            return;
        }
        Sampling.checkRepeatedPicks(l);
        SplittableRandom rnd = c.random();
        if (l < 0 || l == 1) {
            int count = (int) Math.abs(l);
            out.arrayHeader(count);
            for (int i = 0; i < count; i++) {
                out.bulk(s.random(rnd).array());
            }
            return;
        }
        if (l >= s.size()) {
            out.arrayHeader(s.size());
            s.members().forEach(m -> out.bulk(m.array()));
            return;
        }
        List<Bytes> picked = Sampling.distinct(s.members(), (int) l, rnd);
        out.arrayHeader(picked.size());
        picked.forEach(m -> out.bulk(m.array()));
    }

    static void smove(Call c) {
        SetValue src = c.ks().getForWrite(c.key(1), c.now(), SetValue.class);
        io.redraft.store.RedisObject d = c.ks().getForWrite(c.key(2), c.now());
        if (src == null) {
            c.out().integer(0);
            return;
        }
        if (d != null && !(d instanceof SetValue)) {
            throw Errors.wrongType();
        }
        SetValue dst = (SetValue) d;
        Bytes m = c.key(3);
        if (src == dst) {
            c.out().integer(src.contains(m) ? 1 : 0);
            return;
        }
        if (!src.remove(m)) {
            c.out().integer(0);
            return;
        }
        c.notify(NotifyFlags.SET, "srem", c.key(1));
        removeIfEmpty(c, c.key(1), src);
        if (dst == null) {
            dst = new SetValue();
            c.ks().put(c.key(2), dst);
        }
        if (dst.add(m)) {
            c.notify(NotifyFlags.SET, "sadd", c.key(2));
        }
        c.out().integer(1);
    }

    /** Deletes a set left empty, with Redis's "del" event. */
    static void removeIfEmpty(Call c, Bytes key, SetValue s) {
        if (s.size() == 0) {
            c.ks().remove(key);
            c.notify(NotifyFlags.GENERIC, "del", key);
        }
    }

    static void sscan(Call c) {
        long cursor = Scan.parseCursor(c.arg(2));
        SetValue s = c.ks().get(c.key(1), c.now(), SetValue.class);
        if (s == null) {
            Scan.replyEmpty(c.out());
            return;
        }
        Scan.Options opt = Scan.Options.parse(c, 3, false);
        List<Bytes> found = new java.util.ArrayList<>();
        long next = 0;
        if (s.pagedScan()) {
            next = ElementScan.page(s.scanOrder(), cursor, opt.count(), m -> {
                if (opt.matches(m.array())) {
                    found.add(m);
                }
            });
        } else { // intset and listpack go out whole whatever the cursor, as in Redis
            s.replyOrder().stream().filter(m -> opt.matches(m.array())).forEach(found::add);
        }
        ReplySink out = c.out();
        out.arrayHeader(2);
        out.bulk(Long.toUnsignedString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.arrayHeader(found.size());
        found.forEach(m -> out.bulk(m.array()));
    }
}

package io.redraft.store.hash;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.Replies;
import io.redraft.store.ElementScan;
import io.redraft.store.keys.Scan;
import io.redraft.store.Sampling;
import io.redraft.store.string.LongDouble;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Hash commands (Redis's t_hash.c). */
public final class HashCommands {
    private HashCommands() {
    }

    public static void register(CommandTable t) {
        t.add("hset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, false));
        t.add("hmset", -4, "write denyoom fast", 1, 1, 1, c -> hset(c, true));
        t.add("hsetnx", 4, "write denyoom fast", 1, 1, 1, HashCommands::hsetnx);
        t.add("hget", 3, "readonly fast", 1, 1, 1, HashCommands::hget);
        t.add("hmget", -3, "readonly fast", 1, 1, 1, HashCommands::hmget);
        t.add("hdel", -3, "write fast", 1, 1, 1, HashCommands::hdel);
        t.add("hlen", 2, "readonly fast", 1, 1, 1, c -> c.out().integer(size(read(c))));
        t.add("hstrlen", 3, "readonly fast", 1, 1, 1, HashCommands::hstrlen);
        t.add("hexists", 3, "readonly fast", 1, 1, 1, HashCommands::hexists);
        t.add("hkeys", 2, "readonly", 1, 1, 1, c -> getAll(c, true, false));
        t.add("hvals", 2, "readonly", 1, 1, 1, c -> getAll(c, false, true));
        t.add("hgetall", 2, "readonly", 1, 1, 1, c -> getAll(c, true, true));
        t.add("hincrby", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrby);
        t.add("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrbyfloat);
        t.add("hscan", -3, "readonly random", 1, 1, 1, HashCommands::hscan);
        t.add("hrandfield", -2, "readonly random", 1, 1, 1, HashCommands::hrandfield);
    }

    static HashValue read(Call c) {
        return c.ks().get(c.key(1), c.now(), HashValue.class);
    }

    private static int size(HashValue h) {
        return h == null ? 0 : h.size();
    }

    /** hashTypeLookupWriteOrCreate: the hash to modify, created (not yet stored) if absent. */
    static HashValue writeOrCreate(Call c) {
        HashValue h = c.ks().getForWrite(c.key(1), c.now(), HashValue.class);
        if (h == null) {
            h = new HashValue();
            c.ks().put(c.key(1), h);
        }
        return h;
    }

    static void hset(Call c, boolean hmset) {
        if (c.argc() % 2 == 1) {
            throw new CommandError(CommandTable.arityError(c.spec()));
        }
        HashValue h = writeOrCreate(c);
        for (int i = 2; i < c.argc(); i++) {
            h.noteArgumentLength(c.arg(i).length);
        }
        long created = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (h.put(c.key(i), c.arg(i + 1))) {
                created++;
            }
        }
        c.notify(NotifyFlags.HASH, "hset", c.key(1));
        if (hmset) {
            c.ok();
        } else {
            c.out().integer(created);
        }
    }

    static void hsetnx(Call c) {
        HashValue h = c.ks().getForWrite(c.key(1), c.now(), HashValue.class);
        if (h != null && h.get(c.key(2)) != null) {
            c.out().integer(0);
            return;
        }
        h = writeOrCreate(c);
        h.noteArgumentLength(c.arg(2).length);
        h.noteArgumentLength(c.arg(3).length);
        h.put(c.key(2), c.arg(3));
        c.notify(NotifyFlags.HASH, "hset", c.key(1));
        c.out().integer(1);
    }

    static void hget(Call c) {
        HashValue h = read(c);
        byte[] v = h == null ? null : h.get(c.key(2));
        if (v == null) {
            c.out().nullBulk();
        } else {
            c.out().bulk(v);
        }
    }

    static void hmget(Call c) {
        HashValue h = read(c);
        c.out().arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            byte[] v = h == null ? null : h.get(c.key(i));
            if (v == null) {
                c.out().nullBulk();
            } else {
                c.out().bulk(v);
            }
        }
    }

    static void hdel(Call c) {
        HashValue h = c.ks().getForWrite(c.key(1), c.now(), HashValue.class);
        if (h == null) {
            c.out().integer(0);
            return;
        }
        long n = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (h.remove(c.key(i))) {
                n++;
                if (h.size() == 0) {
                    break;
                }
            }
        }
        if (n > 0) {
            c.notify(NotifyFlags.HASH, "hdel", c.key(1));
            if (h.size() == 0) {
                c.ks().remove(c.key(1));
                c.notify(NotifyFlags.GENERIC, "del", c.key(1));
            }
        }
        c.out().integer(n);
    }

    static void hstrlen(Call c) {
        HashValue h = read(c);
        byte[] v = h == null ? null : h.get(c.key(2));
        c.out().integer(v == null ? 0 : v.length);
    }

    static void hexists(Call c) {
        HashValue h = read(c);
        c.out().integer(h != null && h.get(c.key(2)) != null ? 1 : 0);
    }

    static void getAll(Call c, boolean keys, boolean vals) {
        HashValue h = read(c);
        ReplySink out = c.out();
        int n = size(h);
        if (keys && vals) {
            out.mapHeader(n);
        } else {
            out.arrayHeader(n);
        }
        if (h == null) {
            return;
        }
        for (Map.Entry<Bytes, byte[]> e : h.entries()) {
            if (keys) {
                out.bulk(e.getKey().array());
            }
            if (vals) {
                out.bulk(e.getValue());
            }
        }
    }

    static void hincrby(Call c) {
        long incr = c.longArg(3);
        HashValue h = c.ks().getForWrite(c.key(1), c.now(), HashValue.class);
        byte[] cur = h == null ? null : h.get(c.key(2));
        long value = 0;
        if (cur != null) {
            Long v = Nums.parseLongOr(cur, null);
            if (v == null) {
                throw new CommandError("ERR hash value is not an integer");
            }
            value = v;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new CommandError(Errors.OVERFLOW);
        }
        value += incr;
        writeOrCreate(c).put(c.key(2), Nums.toBytes(value));
        c.notify(NotifyFlags.HASH, "hincrby", c.key(1));
        c.out().integer(value);
    }

    static void hincrbyfloat(Call c) {
        BigDecimal incr = LongDouble.parse(c.arg(3));
        if (incr == null) {
            if (LongDouble.isInfinity(c.arg(3))) {
                throw new CommandError("ERR value is NaN or Infinity");
            }
            throw Errors.notFloat();
        }
        HashValue h = c.ks().getForWrite(c.key(1), c.now(), HashValue.class);
        byte[] cur = h == null ? null : h.get(c.key(2));
        BigDecimal value = BigDecimal.ZERO;
        if (cur != null) {
            value = LongDouble.parse(cur);
            if (value == null) {
                if (LongDouble.isInfinity(cur)) {
                    throw new CommandError("ERR increment would produce NaN or Infinity");
                }
                throw new CommandError("ERR hash value is not a float");
            }
        }
        byte[] text = LongDouble.add(value, incr);
        writeOrCreate(c).put(c.key(2), text);
        c.notify(NotifyFlags.HASH, "hincrbyfloat", c.key(1));
        c.out().bulk(text);
    }

    static void hscan(Call c) {
        long cursor = Scan.parseCursor(c.arg(2));
        HashValue h = read(c);
        if (h == null) {
            Scan.replyEmpty(c.out());
            return;
        }
        Scan.Options opt = Scan.Options.parse(c, 3, false);
        List<Map.Entry<Bytes, byte[]>> found = new java.util.ArrayList<>();
        long next = 0;
        if (h.pagedScan()) {
            next = ElementScan.page(h.scanOrder(), cursor, opt.count(), f -> {
                if (opt.matches(f.array())) {
                    found.add(Map.entry(f, h.get(f)));
                }
            });
        } else { // a listpack goes out whole whatever the cursor, as in Redis
            h.entryList().stream().filter(e -> opt.matches(e.getKey().array())).forEach(found::add);
        }
        ReplySink out = c.out();
        out.arrayHeader(2);
        out.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
        out.arrayHeader(found.size() * 2);
        for (Map.Entry<Bytes, byte[]> e : found) {
            out.bulk(e.getKey().array());
            out.bulk(e.getValue());
        }
    }

    static void hrandfield(Call c) {
        if (c.argc() == 2) {
            HashValue h = read(c);
            if (h == null) {
                c.out().nullBulk();
                return;
            }
            List<Map.Entry<Bytes, byte[]>> all = h.entryList();
            c.out().bulk(all.get(c.random().nextInt(all.size())).getKey().array());
            return;
        }
        long l = Replies.rangeLong(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
        boolean withValues = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withvalues"))) {
            throw Errors.syntax();
        } else if (c.argc() == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new CommandError("ERR value is out of range");
            }
        }
        HashValue h = read(c);
        ReplySink out = c.out();
        if (h == null || l == 0) {
            out.arrayHeader(0);
            return;
        }
        Sampling.checkRepeatedPicks(l);
        List<Map.Entry<Bytes, byte[]>> all = h.entryList();
        SplittableRandom rnd = c.random();
        List<Map.Entry<Bytes, byte[]>> picked;
        if (l < 0 || l == 1) {
            picked = Sampling.withRepetition(all, (int) Math.abs(l), rnd); // streamed, never collected
        } else if (l >= all.size()) {
            picked = all;
        } else {
            picked = Sampling.distinct(all, (int) l, rnd);
        }
        replyPairs(c, picked, withValues);
    }

    private static void replyPairs(Call c, List<Map.Entry<Bytes, byte[]>> picked, boolean withValues) {
        ReplySink out = c.out();
        boolean nested = withValues && out.protocol() == 3;
        out.arrayHeader(withValues && !nested ? picked.size() * 2 : picked.size());
        for (Map.Entry<Bytes, byte[]> e : picked) {
            if (nested) {
                out.arrayHeader(2);
            }
            out.bulk(e.getKey().array());
            if (withValues) {
                out.bulk(e.getValue());
            }
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

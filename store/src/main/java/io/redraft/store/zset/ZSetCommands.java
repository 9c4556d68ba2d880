package io.redraft.store.zset;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.DoubleFormat;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.Replies;
import io.redraft.store.Sampling;
import io.redraft.store.ElementScan;
import io.redraft.store.keys.Scan;
import io.redraft.store.list.ListCommands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Sorted set commands (Redis's t_zset.c): members, scores, ranks, pops and random picks. */
public final class ZSetCommands {
    private ZSetCommands() {
    }

    public static void register(CommandTable t) {
        t.add("zadd", -4, "write denyoom fast", 1, 1, 1, c -> zadd(c, false));
        t.add("zincrby", 4, "write denyoom fast", 1, 1, 1, c -> zadd(c, true));
        t.add("zrem", -3, "write fast", 1, 1, 1, ZSetCommands::zrem);
        t.add("zcard", 2, "readonly fast", 1, 1, 1, c -> {
            ZSetValue z = read(c, 1);
            c.out().integer(z == null ? 0 : z.size());
        });
        t.add("zscore", 3, "readonly fast", 1, 1, 1, ZSetCommands::zscore);
        t.add("zmscore", -3, "readonly fast", 1, 1, 1, ZSetCommands::zmscore);
        t.add("zrank", 3, "readonly fast", 1, 1, 1, c -> zrank(c, false));
        t.add("zrevrank", 3, "readonly fast", 1, 1, 1, c -> zrank(c, true));
        t.add("zpopmin", -2, "write fast", 1, 1, 1, c -> zpop(c, true));
        t.add("zpopmax", -2, "write fast", 1, 1, 1, c -> zpop(c, false));
        t.add("zmpop", -4, "write movablekeys", 0, 0, 0, ListCommands::numkeysFinder, ZSetCommands::zmpop);
        t.add("zrandmember", -2, "readonly random", 1, 1, 1, ZSetCommands::zrandmember);
        t.add("zscan", -3, "readonly random", 1, 1, 1, ZSetCommands::zscan);
        ZRangeCommands.register(t);
        ZSetOps.register(t);
    }

    static ZSetValue read(Call c, int i) {
        return c.ks().get(c.key(i), c.now(), ZSetValue.class);
    }

    static ZSetValue write(Call c, int i) {
        return c.ks().getForWrite(c.key(i), c.now(), ZSetValue.class);
    }

    static final int NX = 1, XX = 2, GT = 4, LT = 8, INCR = 16;

    static void zadd(Call c, boolean zincrby) {
        int flags = zincrby ? INCR : 0;
        boolean ch = false;
        int idx = 2;
        for (; idx < c.argc(); idx++) {
            if (c.argIs(idx, "nx")) {
                flags |= NX;
            } else if (c.argIs(idx, "xx")) {
                flags |= XX;
            } else if (c.argIs(idx, "ch")) {
                ch = true;
            } else if (c.argIs(idx, "incr")) {
                flags |= INCR;
            } else if (c.argIs(idx, "gt")) {
                flags |= GT;
            } else if (c.argIs(idx, "lt")) {
                flags |= LT;
            } else {
                break;
            }
        }
        int elements = c.argc() - idx;
        if (elements % 2 != 0 || elements == 0) {
            throw Errors.syntax();
        }
        elements /= 2;
        boolean nx = (flags & NX) != 0, xx = (flags & XX) != 0, gt = (flags & GT) != 0, lt = (flags & LT) != 0;
        boolean incr = (flags & INCR) != 0;
        if (nx && xx) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        long maxLen = 0;
        for (int j = 0; j < elements; j++) {
            scores[j] = c.doubleArg(idx + 2 * j);
            maxLen = Math.max(maxLen, c.arg(idx + 2 * j + 1).length);
        }
        ZSetValue z = write(c, 1);
        long added = 0, updated = 0, processed = 0;
        double score = 0;
        if (z == null && !xx) {
            z = ZSetValue.create(elements, maxLen);
            c.ks().put(c.key(1), z);
        }
        if (z != null) {
            for (int j = 0; j < elements; j++) {
                Bytes member = c.key(idx + 2 * j + 1);
                score = scores[j];
                Double cur = z.score(member);
                if (cur != null) {
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        score += cur;
                        if (Double.isNaN(score)) {
                            c.ks().removeIfEmpty(c.key(1), z);
                            throw new CommandError("ERR resulting score is not a number (NaN)");
                        }
                    }
                    if ((lt && score >= cur) || (gt && score <= cur)) {
                        continue;
                    }
                    processed++;
                    if (score != cur) {
                        z.set(member, score);
                        updated++;
                    }
                } else if (!xx) {
                    z.set(member, score);
                    added++;
                    processed++;
                }
            }
        }
        if (added + updated > 0) {
            c.notify(NotifyFlags.ZSET, incr ? "zincr" : "zadd", c.key(1));
            c.ks().signalReady(c.key(1));
        }
        if (incr) {
            if (processed > 0) {
                c.out().doubleValue(score);
            } else {
                c.out().nullBulk();
            }
        } else {
            c.out().integer(ch ? added + updated : added);
        }
    }

    static void zrem(Call c) {
        ZSetValue z = write(c, 1);
        if (z == null) {
            c.out().integer(0);
            return;
        }
        long n = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (z.remove(c.key(i))) {
                n++;
                if (z.size() == 0) {
                    break;
                }
            }
        }
        if (n > 0) {
            c.notify(NotifyFlags.ZSET, "zrem", c.key(1));
            removeIfEmpty(c, c.key(1), z);
        }
        c.out().integer(n);
    }

    static void zscore(Call c) {
        ZSetValue z = read(c, 1);
        Double s = z == null ? null : z.score(c.key(2));
        if (s == null) {
            c.out().nullBulk();
        } else {
            c.out().doubleValue(s);
        }
    }

    static void zmscore(Call c) {
        ZSetValue z = read(c, 1);
        c.out().arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            Double s = z == null ? null : z.score(c.key(i));
            if (s == null) {
                c.out().nullBulk();
            } else {
                c.out().doubleValue(s);
            }
        }
    }

    static void zrank(Call c, boolean rev) {
        ZSetValue z = read(c, 1);
        Double s = z == null ? null : z.score(c.key(2));
        if (s == null) {
            c.out().nullBulk();
            return;
        }
        long rank = z.zsl.rank(s, c.key(2));
        c.out().integer(rev ? z.size() - rank : rank - 1);
    }

    static void zpop(Call c, boolean min) {
        if (c.argc() > 3) {
            throw Errors.syntax();
        }
        long count = -1;
        if (c.argc() == 3) {
            count = Replies.positiveLong(c, 2, null);
        }
        boolean nested = c.out().protocol() > 2 && count != -1;
        ZSetValue z = write(c, 1);
        if (z == null || count == 0) {
            c.out().arrayHeader(0);
            return;
        }
        popInto(c, c.key(1), z, min, count == -1 ? 1 : count, nested, false);
    }

    /** genericZpopCommand's reply and removal. */
    private static void popInto(Call c, Bytes key, ZSetValue z, boolean min, long count, boolean nested,
                                boolean emitKey) {
        ReplySink out = c.out();
        int n = (int) Math.min(count, z.size());
        if (emitKey) {
            out.arrayHeader(2);
            out.bulk(key.array());
            out.arrayHeader(n);
        } else {
            out.arrayHeader(nested ? n : n * 2);
        }
        for (int i = 0; i < n; i++) {
            SkipList.Node node = min ? z.zsl.first() : z.zsl.tail;
            z.remove(node.member);
            if (nested) {
                out.arrayHeader(2);
            }
            out.bulk(node.member.array());
            out.doubleValue(node.score);
        }
        if (n > 0) {
            c.notify(NotifyFlags.ZSET, min ? "zpopmin" : "zpopmax", key);
            removeIfEmpty(c, key, z);
        }
    }

    /** Deletes a sorted set left empty, with Redis's "del" event. */
    static void removeIfEmpty(Call c, Bytes key, ZSetValue z) {
        if (z.size() == 0) {
            c.ks().remove(key);
            c.notify(NotifyFlags.GENERIC, "del", key);
        }
    }

    static void zmpop(Call c) {
        long numkeys = Replies.rangeLong(c, 1, 1, Long.MAX_VALUE, "numkeys should be greater than 0");
        long whereIdx = 2 + numkeys;
        if (whereIdx >= c.argc()) {
            throw Errors.syntax();
        }
        boolean min;
        if (c.argIs((int) whereIdx, "min")) {
            min = true;
        } else if (c.argIs((int) whereIdx, "max")) {
            min = false;
        } else {
            throw Errors.syntax();
        }
        long count = Replies.mpopCount(c, (int) whereIdx + 1);
        for (int k = 0; k < numkeys; k++) {
            ZSetValue z = write(c, 2 + k);
            if (z != null) {
                popInto(c, c.key(2 + k), z, min, count, true, true);
                return;
            }
        }
        c.out().nullArray();
    }

    static void zrandmember(Call c) {
        if (c.argc() == 2) {
            ZSetValue z = read(c, 1);
            if (z == null) {
                c.out().nullBulk();
            } else {
                c.out().bulk(z.zsl.byRank(1 + c.random().nextInt(z.size())).member.array());
            }
            return;
        }
        long l = Replies.rangeLong(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
        boolean withScores = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withscores"))) {
            throw Errors.syntax();
        } else if (c.argc() == 4) {
            withScores = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new CommandError("ERR value is out of range");
            }
        }
        ZSetValue z = read(c, 1);
        if (z == null || l == 0) {
            c.out().arrayHeader(0);
            return;
        }
        Sampling.checkRepeatedPicks(l);
        List<SkipList.Node> all = new ArrayList<>(z.size());
        for (SkipList.Node n = z.zsl.first(); n != null; n = n.next()) {
            all.add(n);
        }
        SplittableRandom rnd = c.random();
        List<SkipList.Node> picked;
        if (l < 0 || l == 1) { // picks with repetition are streamed, never collected
            picked = Sampling.withRepetition(all, (int) Math.abs(l), rnd);
        } else if (l >= all.size()) {
            picked = all;
        } else {
            picked = Sampling.distinct(all, (int) l, rnd);
        }
        ReplySink out = c.out();
        boolean nested = withScores && out.protocol() == 3;
        out.arrayHeader(withScores && !nested ? picked.size() * 2 : picked.size());
        for (SkipList.Node n : picked) {
            if (nested) {
                out.arrayHeader(2);
            }
            out.bulk(n.member.array());
            if (withScores) {
                out.doubleValue(n.score);
            }
        }
    }

    static void zscan(Call c) {
        long cursor = Scan.parseCursor(c.arg(2));
        ZSetValue z = read(c, 1);
        if (z == null) {
            Scan.replyEmpty(c.out());
            return;
        }
        Scan.Options opt = Scan.Options.parse(c, 3, false);
        List<Bytes> members = new ArrayList<>();
        long next = 0;
        if (z.isListpack()) { // a listpack goes out whole, in rank order, whatever the cursor (as Redis)
            for (SkipList.Node n = z.zsl.first(); n != null; n = n.next()) {
                if (opt.matches(n.member.array())) {
                    members.add(n.member);
                }
            }
        } else {
            next = ElementScan.page(z.scanOrder(), cursor, opt.count(), m -> {
                if (opt.matches(m.array())) {
                    members.add(m);
                }
            });
        }
        ReplySink out = c.out();
        out.arrayHeader(2);
        out.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
        out.arrayHeader(members.size() * 2);
        for (Bytes m : members) {
            double score = z.score(m);
            out.bulk(m.array());
            String text = z.isListpack() ? ZSetValue.listpackScore(score) : DoubleFormat.g17(score);
            out.bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

}

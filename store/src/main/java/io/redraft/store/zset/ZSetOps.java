package io.redraft.store.zset;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.Replies;
import io.redraft.store.set.SetValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION/ZINTER/ZDIFF, their STORE forms and ZINTERCARD (Redis's
 * zunionInterDiffGenericCommand). Plain sets take part with score 1.
 */
final class ZSetOps {
    private ZSetOps() {
    }

    enum Op { UNION, INTER, DIFF }

    enum Agg { SUM, MIN, MAX }

    static void register(CommandTable t) {
        t.add("zunion", -3, "readonly movablekeys", 0, 0, 0, a -> keysAfter(a, 1), c -> run(c, null, 1, Op.UNION, false));
        t.add("zinter", -3, "readonly movablekeys", 0, 0, 0, a -> keysAfter(a, 1), c -> run(c, null, 1, Op.INTER, false));
        t.add("zdiff", -3, "readonly movablekeys", 0, 0, 0, a -> keysAfter(a, 1), c -> run(c, null, 1, Op.DIFF, false));
        t.add("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, a -> withDst(a), c -> run(c, c.key(1), 2, Op.UNION, false));
        t.add("zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, a -> withDst(a), c -> run(c, c.key(1), 2, Op.INTER, false));
        t.add("zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, a -> withDst(a), c -> run(c, c.key(1), 2, Op.DIFF, false));
        t.add("zintercard", -3, "readonly movablekeys", 0, 0, 0, a -> keysAfter(a, 1), c -> run(c, null, 1, Op.INTER, true));
    }

    private static List<Integer> keysAfter(List<byte[]> argv, int numkeysIdx) {
        List<Integer> out = new ArrayList<>();
        if (argv.size() <= numkeysIdx) {
            return out;
        }
        long n = Nums.parseLongOr(argv.get(numkeysIdx), 0L);
        for (int i = 0; i < n && numkeysIdx + 1 + i < argv.size(); i++) {
            out.add(numkeysIdx + 1 + i);
        }
        return out;
    }

    private static List<Integer> withDst(List<byte[]> argv) {
        List<Integer> out = new ArrayList<>();
        out.add(1);
        out.addAll(keysAfter(argv, 2));
        return out;
    }

    /** One input: its members with scores in iteration order, and its weight. */
    private static final class Src {
        final LinkedHashMap<Bytes, Double> members = new LinkedHashMap<>();
        double weight = 1;
    }

    static void run(Call c, Bytes dst, int numkeysIdx, Op op, boolean cardOnly) {
        long setnum = c.longArg(numkeysIdx);
        if (setnum < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + c.spec().name() + "' command");
        }
        if (setnum > c.argc() - (numkeysIdx + 1)) {
            throw Errors.syntax();
        }
        List<Src> srcs = new ArrayList<>();
        int j = numkeysIdx + 1;
        for (int i = 0; i < setnum; i++, j++) {
            RedisObject o = c.ks().get(c.key(j), c.now());
            Src s = new Src();
            if (o instanceof ZSetValue z) {
                for (SkipList.Node n = z.zsl.first(); n != null; n = n.next()) {
                    s.members.put(n.member, n.score);
                }
            } else if (o instanceof SetValue set) {
                set.members().forEach(m -> s.members.put(m, 1.0));
            } else if (o != null) {
                throw Errors.wrongType();
            }
            srcs.add(s);
        }
        Agg agg = Agg.SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = c.argc() - j;
        while (remaining > 0) {
            if (op != Op.DIFF && !cardOnly && remaining >= setnum + 1 && c.argIs(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < setnum; i++, j++, remaining--) {
                    Double w = Nums.parseDoubleOr(c.arg(j));
                    if (w == null) {
                        throw new CommandError("ERR weight value is not a float");
                    }
                    srcs.get(i).weight = w;
                }
            } else if (op != Op.DIFF && !cardOnly && remaining >= 2 && c.argIs(j, "aggregate")) {
                j++;
                if (c.argIs(j, "sum")) {
                    agg = Agg.SUM;
                } else if (c.argIs(j, "min")) {
                    agg = Agg.MIN;
                } else if (c.argIs(j, "max")) {
                    agg = Agg.MAX;
                } else {
                    throw Errors.syntax();
                }
                j++;
                remaining -= 2;
            } else if (dst == null && !cardOnly && c.argIs(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && c.argIs(j, "limit")) {
                limit = Replies.positiveLong(c, j + 1, "LIMIT can't be negative");
                j += 2;
                remaining -= 2;
            } else {
                throw Errors.syntax();
            }
        }
        Map<Bytes, Double> acc = new LinkedHashMap<>();
        long card = 0;
        if (op == Op.INTER) {
            List<Src> bySize = new ArrayList<>(srcs);
            bySize.sort(Comparator.comparingInt(s -> s.members.size()));
            Src first = bySize.get(0);
            for (Map.Entry<Bytes, Double> e : first.members.entrySet()) {
                double score = zeroIfNaN(first.weight * e.getValue());
                boolean all = true;
                for (int k = 1; k < bySize.size(); k++) {
                    Double v = bySize.get(k).members.get(e.getKey());
                    if (v == null) {
                        all = false;
                        break;
                    }
                    score = aggregate(score, v * bySize.get(k).weight, agg);
                }
                if (!all) {
                    continue;
                }
                if (cardOnly) {
                    card++;
                    if (limit > 0 && card >= limit) {
                        break;
                    }
                } else {
                    acc.put(e.getKey(), score);
                }
            }
        } else if (op == Op.UNION) {
            for (Src s : srcs) {
                for (Map.Entry<Bytes, Double> e : s.members.entrySet()) {
                    double score = zeroIfNaN(s.weight * e.getValue());
                    Double cur = acc.get(e.getKey());
                    acc.put(e.getKey(), cur == null ? score : aggregate(cur, score, agg));
                }
            }
        } else {
            outer:
            for (Map.Entry<Bytes, Double> e : srcs.get(0).members.entrySet()) {
                for (int k = 1; k < srcs.size(); k++) {
                    if (srcs.get(k).members.containsKey(e.getKey())) {
                        continue outer;
                    }
                }
                acc.put(e.getKey(), e.getValue());
            }
        }
        ReplySink out = c.out();
        if (cardOnly) {
            out.integer(card);
            return;
        }
        // Built as a skiplist, as Redis does, so -0 survives in direct replies.
        ZSetValue result = ZSetValue.create(Long.MAX_VALUE, 0);
        acc.forEach((m, s) -> result.set(m, s));
        if (dst != null) {
            c.ks().getForWrite(dst, c.now());
            if (result.size() == 0) {
                if (c.ks().remove(dst)) {
                    c.notify(NotifyFlags.GENERIC, "del", dst);
                }
            } else {
                result.fitEncoding();
                c.ks().put(dst, result); // replaces, expiry included, as Redis's setKey
                c.notify(NotifyFlags.ZSET, switch (op) {
                    case UNION -> "zunionstore";
                    case INTER -> "zinterstore";
                    case DIFF -> "zdiffstore";
                }, dst);
            }
            out.integer(result.size());
            return;
        }
        List<SkipList.Node> nodes = new ArrayList<>();
        for (SkipList.Node n = result.zsl.first(); n != null; n = n.next()) {
            nodes.add(n);
        }
        ZRangeCommands.reply(out, nodes, withScores);
    }

    private static double zeroIfNaN(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    private static double aggregate(double target, double val, Agg agg) {
        return switch (agg) {
            case SUM -> zeroIfNaN(target + val);
            case MIN -> val < target ? val : target; // C comparison: keeps target on ties and -0/0
            case MAX -> val > target ? val : target;
        };
    }
}

package io.redraft.store.zset;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.IndexRange;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * The ZRANGE family (Redis's zrangeGenericCommand), ZCOUNT/ZLEXCOUNT and ZREMRANGEBY*.
 * Rank positions are found through the skip list spans, so ranges cost O(log n + m).
 */
final class ZRangeCommands {
    private ZRangeCommands() {
    }

    enum Kind { AUTO, RANK, SCORE, LEX }

    enum Dir { AUTO, FORWARD, REVERSE }

    static void register(CommandTable t) {
        t.add("zrange", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.AUTO, Dir.AUTO));
        t.add("zrangestore", -5, "write denyoom", 1, 2, 1, c -> range(c, 2, true, Kind.AUTO, Dir.AUTO));
        t.add("zrevrange", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.RANK, Dir.REVERSE));
        t.add("zrangebyscore", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.SCORE, Dir.FORWARD));
        t.add("zrevrangebyscore", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.SCORE, Dir.REVERSE));
        t.add("zrangebylex", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.LEX, Dir.FORWARD));
        t.add("zrevrangebylex", -4, "readonly", 1, 1, 1, c -> range(c, 1, false, Kind.LEX, Dir.REVERSE));
        t.add("zcount", 4, "readonly fast", 1, 1, 1, ZRangeCommands::zcount);
        t.add("zlexcount", 4, "readonly fast", 1, 1, 1, ZRangeCommands::zlexcount);
        t.add("zremrangebyrank", 4, "write", 1, 1, 1, c -> remRange(c, Kind.RANK));
        t.add("zremrangebyscore", 4, "write", 1, 1, 1, c -> remRange(c, Kind.SCORE));
        t.add("zremrangebylex", 4, "write", 1, 1, 1, c -> remRange(c, Kind.LEX));
    }

    static void range(Call c, int keyIdx, boolean store, Kind kind, Dir dir) {
        int minIdx = keyIdx + 1;
        int maxIdx = keyIdx + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIdx + 3; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (!store && c.argIs(j, "withscores")) {
                withScores = true;
            } else if (c.argIs(j, "limit") && left >= 2) {
                offset = c.longArg(j + 1);
                limit = c.longArg(j + 2);
                j += 2;
            } else if (dir == Dir.AUTO && c.argIs(j, "rev")) {
                dir = Dir.REVERSE;
            } else if (kind == Kind.AUTO && c.argIs(j, "bylex")) {
                kind = Kind.LEX;
            } else if (kind == Kind.AUTO && c.argIs(j, "byscore")) {
                kind = Kind.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        if (dir == Dir.AUTO) {
            dir = Dir.FORWARD;
        }
        if (kind == Kind.AUTO) {
            kind = Kind.RANK;
        }
        if (limit != -1 && kind == Kind.RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && kind == Kind.LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        boolean rev = dir == Dir.REVERSE;
        if (rev && kind != Kind.RANK) {
            int tmp = maxIdx;
            maxIdx = minIdx;
            minIdx = tmp;
        }
        long start = 0, end = 0;
        ScoreRange sr = null;
        LexRange lr = null;
        switch (kind) {
            case SCORE -> sr = ScoreRange.parse(c.arg(minIdx), c.arg(maxIdx));
            case LEX -> lr = LexRange.parse(c.arg(minIdx), c.arg(maxIdx));
            default -> {
                start = c.longArg(minIdx);
                end = c.longArg(maxIdx);
            }
        }
        ZSetValue z = c.ks().get(c.key(keyIdx), c.now(), ZSetValue.class);
        List<SkipList.Node> result = z == null ? List.of() : switch (kind) {
            case SCORE -> byScore(z, sr, offset, limit, rev);
            case LEX -> byLex(z, lr, offset, limit, rev);
            default -> byRank(z, start, end, rev);
        };
        if (store) {
            Bytes dst = c.key(1);
            c.ks().getForWrite(dst, c.now());
            if (result.isEmpty()) {
                if (c.ks().remove(dst)) {
                    c.notify(NotifyFlags.GENERIC, "del", dst);
                }
            } else {
                ZSetValue out = new ZSetValue();
                result.forEach(n -> out.set(n.member, n.score));
                out.fitEncoding();
                c.ks().put(dst, out); // replaces, expiry included, as Redis's setKey
                c.notify(NotifyFlags.ZSET, "zrangestore", dst);
            }
            c.out().integer(result.size());
            return;
        }
        reply(c.out(), result, withScores);
    }

    static void reply(ReplySink out, List<SkipList.Node> result, boolean withScores) {
        boolean nested = withScores && out.protocol() == 3;
        out.arrayHeader(withScores && !nested ? result.size() * 2 : result.size());
        for (SkipList.Node n : result) {
            if (nested) {
                out.arrayHeader(2);
            }
            out.bulk(n.member.array());
            if (withScores) {
                out.doubleValue(n.score);
            }
        }
    }

    static List<SkipList.Node> byRank(ZSetValue z, long start, long end, boolean rev) {
        IndexRange r = IndexRange.ofElements(start, end, z.size());
        List<SkipList.Node> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        long n = r.count();
        SkipList.Node x = rev ? z.zsl.byRank(z.size() - r.start()) : z.zsl.byRank(r.start() + 1);
        for (long i = 0; i < n && x != null; i++) {
            out.add(x);
            x = rev ? x.backward : x.next();
        }
        return out;
    }

    static List<SkipList.Node> byScore(ZSetValue z, ScoreRange r, long offset, long limit, boolean rev) {
        List<SkipList.Node> out = new ArrayList<>();
        if (offset > 0 && offset >= z.size()) {
            return out;
        }
        SkipList.Node x = rev ? z.zsl.lastInRange(r) : z.zsl.firstInRange(r);
        // Redis skips `offset` nodes (a negative offset skips everything), then takes `limit`
        // (a negative limit means all) while still in range.
        if (offset < 0) {
            return out;
        }
        while (x != null && offset-- > 0) {
            x = rev ? x.backward : x.next();
        }
        while (x != null && limit-- != 0) {
            if (rev ? !r.gteMin(x.score) : !r.lteMax(x.score)) {
                break;
            }
            out.add(x);
            x = rev ? x.backward : x.next();
        }
        return out;
    }

    static List<SkipList.Node> byLex(ZSetValue z, LexRange r, long offset, long limit, boolean rev) {
        List<SkipList.Node> out = new ArrayList<>();
        if (offset > 0 && offset >= z.size()) {
            return out;
        }
        SkipList.Node x = rev ? z.zsl.lastInLex(r) : z.zsl.firstInLex(r);
        if (offset < 0) {
            return out;
        }
        while (x != null && offset-- > 0) {
            x = rev ? x.backward : x.next();
        }
        while (x != null && limit-- != 0) {
            if (rev ? !r.gteMin(x.member) : !r.lteMax(x.member)) {
                break;
            }
            out.add(x);
            x = rev ? x.backward : x.next();
        }
        return out;
    }

    static void zcount(Call c) {
        ScoreRange r = ScoreRange.parse(c.arg(2), c.arg(3));
        ZSetValue z = c.ks().get(c.key(1), c.now(), ZSetValue.class);
        if (z == null) {
            c.out().integer(0);
            return;
        }
        SkipList.Node first = z.zsl.firstInRange(r);
        if (first == null) {
            c.out().integer(0);
            return;
        }
        SkipList.Node last = z.zsl.lastInRange(r);
        c.out().integer(z.zsl.rank(last.score, last.member) - z.zsl.rank(first.score, first.member) + 1);
    }

    static void zlexcount(Call c) {
        LexRange r = LexRange.parse(c.arg(2), c.arg(3));
        ZSetValue z = c.ks().get(c.key(1), c.now(), ZSetValue.class);
        if (z == null) {
            c.out().integer(0);
            return;
        }
        // As Redis: with mixed scores lex order is undefined, but the count must not fail.
        SkipList.Node first = z.zsl.firstInLex(r);
        if (first == null) {
            c.out().integer(0);
            return;
        }
        long count = z.size() - (z.zsl.rank(first.score, first.member) - 1);
        SkipList.Node last = z.zsl.lastInLex(r);
        if (last != null) {
            count -= z.size() - z.zsl.rank(last.score, last.member);
        }
        c.out().integer(count);
    }

    static void remRange(Call c, Kind kind) {
        long start = 0, end = 0;
        ScoreRange sr = null;
        LexRange lr = null;
        switch (kind) {
            case SCORE -> sr = ScoreRange.parse(c.arg(2), c.arg(3));
            case LEX -> lr = LexRange.parse(c.arg(2), c.arg(3));
            default -> {
                start = c.longArg(2);
                end = c.longArg(3);
            }
        }
        ZSetValue z = c.ks().getForWrite(c.key(1), c.now(), ZSetValue.class);
        if (z == null) {
            c.out().integer(0);
            return;
        }
        List<SkipList.Node> doomed = switch (kind) {
            case SCORE -> byScore(z, sr, 0, -1, false);
            case LEX -> byLex(z, lr, 0, -1, false);
            default -> byRank(z, start, end, false);
        };
        doomed.forEach(n -> z.remove(n.member));
        if (!doomed.isEmpty()) {
            c.notify(NotifyFlags.ZSET, switch (kind) {
                case SCORE -> "zremrangebyscore";
                case LEX -> "zremrangebylex";
                default -> "zremrangebyrank";
            }, c.key(1));
            ZSetCommands.removeIfEmpty(c, c.key(1), z);
        }
        c.out().integer(doomed.size());
    }
}

package io.redraft.store.diff;

import java.util.List;

import static io.redraft.store.diff.Groups.common;

/** Random command generators for the collection types: hashes, lists, sets, sorted sets. */
final class CollectionGroups {
    private CollectionGroups() {
    }

    static List<byte[]> hashes(Gen g) {
        if (g.chance(8)) {
            return common(g);
        }
        return switch (g.r.nextInt(20)) {
            case 0, 1, 2 -> {
                g.cmd(g.pick("HSET", "HMSET")).key();
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(g.member()).val();
                }
                if (g.chance(5)) {
                    g.a(g.member());
                }
                yield g.build();
            }
            case 3 -> g.cmd("HSETNX").key().a(g.member()).val().build();
            case 4, 5 -> g.cmd("HGET").key().a(g.member()).build();
            case 6 -> g.cmd("HMGET").key().a(g.member()).a(g.member()).build();
            case 7 -> g.cmd("HDEL").key().a(g.member()).a(g.member()).build();
            case 8 -> g.cmd(g.pick("HLEN", "HKEYS", "HVALS", "HGETALL")).key().build();
            case 9 -> g.cmd(g.pick("HSTRLEN", "HEXISTS")).key().a(g.member()).build();
            case 10, 11 -> g.cmd("HINCRBY").key().a(g.member()).a(g.smallInt()).build();
            case 12 -> g.cmd("HINCRBYFLOAT").key().a(g.member()).a(g.floatv()).build();
            case 13 -> {
                g.cmd("HSCAN").key().a("0");
                if (g.chance(30)) {
                    g.a("MATCH").a(g.pick("*", "m*", "[a-c]"));
                }
                if (g.chance(30)) {
                    g.a("COUNT").a(g.pick("1", "5", "0"));
                }
                yield g.build();
            }
            case 14 -> {
                g.cmd("HRANDFIELD").key();
                if (g.chance(70)) {
                    g.a(g.pick("0", "1", "2", "-3", "5", "100", "-100", "x"));
                    if (g.chance(50)) {
                        g.a(g.pick("WITHVALUES", "withvalues", "BAD"));
                    }
                }
                yield g.build();
            }
            case 15 -> {
                // grow one hash past the listpack limits now and then
                g.cmd("HSET").key();
                for (int i = 0; i < 70; i++) {
                    g.a("f" + g.r.nextInt(140)).a("v");
                }
                yield g.build();
            }
            case 16 -> g.cmd(g.pick("HSET", "HGET", "HMSET", "HINCRBY", "HSETNX")).key().build();
            case 17 -> g.cmd("OBJECT").a("ENCODING").key().build();
            default -> g.cmd("HSET").key().a(g.member()).a(g.value()).build();
        };
    }

    static List<byte[]> lists(Gen g) {
        if (g.chance(8)) {
            return common(g);
        }
        return switch (g.r.nextInt(22)) {
            case 0, 1, 2 -> g.cmd(g.pick("LPUSH", "RPUSH")).key().a(g.member()).a(g.member()).build();
            case 3 -> g.cmd(g.pick("LPUSHX", "RPUSHX")).key().a(g.member()).build();
            case 4, 5 -> {
                g.cmd(g.pick("LPOP", "RPOP")).key();
                if (g.chance(40)) {
                    g.a(g.pick("0", "1", "2", "10", "-1", "x"));
                }
                yield g.build();
            }
            case 6 -> g.cmd("LLEN").key().build();
            case 7 -> g.cmd("LINDEX").key().a(g.smallInt()).build();
            case 8 -> g.cmd("LSET").key().a(g.smallInt()).a(g.member()).build();
            case 9, 10 -> g.cmd("LRANGE").key().a(g.smallInt()).a(g.smallInt()).build();
            case 11 -> g.cmd("LTRIM").key().a(g.smallInt()).a(g.smallInt()).build();
            case 12 -> g.cmd("LREM").key().a(g.smallInt()).a(g.member()).build();
            case 13 -> g.cmd("LINSERT").key().a(g.pick("BEFORE", "after", "middle")).a(g.member()).a(g.member()).build();
            case 14 -> {
                g.cmd("LPOS").key().a(g.member());
                int n = g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(g.pick("RANK", "COUNT", "MAXLEN", "BAD")).a(g.pick("1", "2", "-1", "0", "3", "x"));
                }
                yield g.build();
            }
            case 15, 16 -> g.cmd("LMOVE").key().key().a(g.pick("LEFT", "RIGHT", "left", "up"))
                    .a(g.pick("LEFT", "RIGHT")).build();
            case 17 -> g.cmd("RPOPLPUSH").key().key().build();
            case 18 -> {
                int n = g.r.nextInt(4);
                g.cmd("LMPOP").a(g.chance(10) ? g.pick("0", "-1", "x", "9") : "" + n);
                for (int i = 0; i < n; i++) {
                    g.key();
                }
                g.a(g.pick("LEFT", "RIGHT", "MIDDLE"));
                if (g.chance(50)) {
                    g.a("COUNT").a(g.pick("1", "2", "5", "0", "-1"));
                }
                yield g.build();
            }
            case 19 -> {
                g.cmd("RPUSH").key();
                for (int i = 0; i < 40; i++) {
                    g.a(g.chance(5) ? "z".repeat(300) : g.member());
                }
                yield g.build();
            }
            case 20 -> g.cmd(g.pick("LPUSH", "LRANGE", "LINSERT", "LMOVE", "LPOS")).key().build();
            default -> g.cmd("OBJECT").a("ENCODING").key().build();
        };
    }

    static List<byte[]> sets(Gen g) {
        if (g.chance(8)) {
            return common(g);
        }
        return switch (g.r.nextInt(20)) {
            case 0, 1, 2 -> g.cmd("SADD").key().a(g.member()).a(g.member()).build();
            case 3 -> g.cmd("SREM").key().a(g.member()).a(g.member()).build();
            case 4 -> g.cmd("SMEMBERS").key().build();
            case 5 -> g.cmd("SISMEMBER").key().a(g.member()).build();
            case 6 -> g.cmd("SMISMEMBER").key().a(g.member()).a(g.member()).build();
            case 7 -> g.cmd("SCARD").key().build();
            case 8 -> {
                g.cmd("SPOP").key();
                if (g.chance(50)) {
                    g.a(g.pick("0", "1", "2", "100", "-1", "x"));
                }
                yield g.build();
            }
            case 9 -> {
                g.cmd("SRANDMEMBER").key();
                if (g.chance(70)) {
                    g.a(g.pick("0", "1", "2", "-3", "100", "-100", "x"));
                }
                yield g.build();
            }
            case 10 -> g.cmd("SMOVE").key().key().a(g.member()).build();
            case 11, 12 -> g.cmd(g.pick("SINTER", "SUNION", "SDIFF")).keys(1, 3).build();
            case 13, 14 -> g.cmd(g.pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE")).key().keys(1, 3).build();
            case 15 -> {
                int n = 1 + g.r.nextInt(3);
                g.cmd("SINTERCARD").a(g.chance(10) ? g.pick("0", "x", "5") : "" + n).keys(n, n);
                if (g.chance(40)) {
                    g.a("LIMIT").a(g.pick("0", "1", "2", "-1"));
                }
                yield g.build();
            }
            case 16 -> {
                g.cmd("SSCAN").key().a("0");
                if (g.chance(30)) {
                    g.a("MATCH").a(g.pick("*", "m*", "[a-c]", "1*"));
                }
                yield g.build();
            }
            case 17 -> g.cmd("SADD").key().a("" + g.r.nextInt(1000)).a("" + g.r.nextInt(1000)).build();
            default -> g.cmd(g.pick("SADD", "SMOVE", "SINTERCARD", "SISMEMBER")).key().build();
        };
    }

    static String scoreBound(Gen g) {
        return g.pick("-inf", "+inf", "(1", "1", "(-2", "0", "5", "(5", "x", "(", "", " 3", "2.5", "(inf");
    }

    static String lexBound(Gen g) {
        return g.pick("-", "+", "[a", "(b", "[c", "(m1", "[m", "x", "", "[", "(");
    }

    /** Lex ranges are defined only when all scores are equal: these keys only ever get score 0. */
    static String lexKey(Gen g) {
        return "zl" + g.r.nextInt(3);
    }

    static List<byte[]> zsets(Gen g) {
        if (g.chance(6)) {
            return common(g);
        }
        return switch (g.r.nextInt(30)) {
            case 0, 1, 2, 3 -> {
                g.cmd("ZADD").key();
                if (g.chance(40)) {
                    g.a(g.pick("NX", "XX", "GT", "LT", "CH", "INCR"));
                }
                if (g.chance(15)) {
                    g.a(g.pick("NX", "XX", "GT", "LT", "CH"));
                }
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(g.chance(10) ? g.floatv() : g.smallInt()).a(g.member());
                }
                yield g.build();
            }
            case 4 -> g.cmd("ZINCRBY").key().a(g.floatv()).a(g.member()).build();
            case 5 -> g.cmd("ZREM").key().a(g.member()).a(g.member()).build();
            case 6 -> g.cmd("ZCARD").key().build();
            case 7 -> g.cmd("ZSCORE").key().a(g.member()).build();
            case 8 -> g.cmd("ZMSCORE").key().a(g.member()).a(g.member()).build();
            case 9 -> g.cmd(g.pick("ZRANK", "ZREVRANK")).key().a(g.member()).build();
            case 10 -> g.cmd("ZCOUNT").key().a(scoreBound(g)).a(scoreBound(g)).build();
            case 11 -> g.cmd("ZLEXCOUNT").a(lexKey(g)).a(lexBound(g)).a(lexBound(g)).build();
            case 12, 13, 14 -> {
                boolean store = g.chance(20);
                g.cmd(store ? "ZRANGESTORE" : "ZRANGE");
                if (store) {
                    g.key();
                }
                g.key();
                int kind = g.r.nextInt(3);
                if (kind == 0) {
                    g.a(g.smallInt()).a(g.smallInt());
                } else if (kind == 1) {
                    g.a(scoreBound(g)).a(scoreBound(g)).a("BYSCORE");
                } else {
                    List<byte[]> a = g.build();
                    a.set(a.size() - 1, lexKey(g).getBytes());
                    g.cmd(new String(a.get(0)));
                    a.subList(1, a.size()).forEach(x -> g.a(new String(x)));
                    g.a(lexBound(g)).a(lexBound(g)).a("BYLEX");
                }
                if (g.chance(40)) {
                    g.a("REV");
                }
                if (g.chance(30)) {
                    g.a("LIMIT").a(g.pick("0", "1", "-1", "2")).a(g.pick("1", "2", "-1", "0", "5"));
                }
                if (g.chance(40)) {
                    g.a("WITHSCORES");
                }
                yield g.build();
            }
            case 15 -> g.cmd(g.pick("ZRANGEBYSCORE", "ZREVRANGEBYSCORE")).key().a(scoreBound(g)).a(scoreBound(g))
                    .a(g.pick("WITHSCORES", "LIMIT", "REV")).a("0").a("2").build();
            case 16 -> g.cmd(g.pick("ZRANGEBYLEX", "ZREVRANGEBYLEX")).a(lexKey(g)).a(lexBound(g)).a(lexBound(g)).build();
            case 17 -> g.cmd("ZREVRANGE").key().a(g.smallInt()).a(g.smallInt()).a("WITHSCORES").build();
            case 18 -> g.cmd("ZREMRANGEBYRANK").key().a(g.smallInt()).a(g.smallInt()).build();
            case 19 -> g.cmd("ZREMRANGEBYSCORE").key().a(scoreBound(g)).a(scoreBound(g)).build();
            case 20 -> g.chance(50) ? g.cmd("ZADD").a(lexKey(g)).a("0").a(g.member()).a("0").a(g.member()).build()
                    : g.cmd("ZREMRANGEBYLEX").a(lexKey(g)).a(lexBound(g)).a(lexBound(g)).build();
            case 21, 22 -> {
                String op = g.pick("ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD");
                g.cmd(op);
                if (op.endsWith("STORE")) {
                    g.key();
                }
                int n = 1 + g.r.nextInt(3);
                g.a(g.chance(8) ? g.pick("0", "x", "9") : "" + n).keys(n, n);
                if (g.chance(40)) {
                    g.a("WEIGHTS");
                    for (int i = 0; i < n; i++) {
                        g.a(g.pick("1", "2", "-1", "0.5", "x", "inf"));
                    }
                }
                if (g.chance(40)) {
                    g.a("AGGREGATE").a(g.pick("SUM", "MIN", "MAX", "AVG"));
                }
                if (g.chance(40)) {
                    g.a(g.pick("WITHSCORES", "LIMIT"));
                    if (op.equals("ZINTERCARD")) {
                        g.a(g.pick("0", "1", "-1"));
                    }
                }
                yield g.build();
            }
            case 23, 24 -> {
                g.cmd(g.pick("ZPOPMIN", "ZPOPMAX")).key();
                if (g.chance(50)) {
                    g.a(g.pick("0", "1", "2", "10", "-1", "x"));
                }
                yield g.build();
            }
            case 25 -> {
                int n = g.r.nextInt(3);
                g.cmd("ZMPOP").a(g.chance(10) ? g.pick("0", "-1", "x") : "" + n);
                for (int i = 0; i < n; i++) {
                    g.key();
                }
                g.a(g.pick("MIN", "MAX", "MID"));
                if (g.chance(50)) {
                    g.a("COUNT").a(g.pick("1", "2", "5", "0"));
                }
                yield g.build();
            }
            case 26 -> {
                g.cmd("ZRANDMEMBER").key();
                if (g.chance(70)) {
                    g.a(g.pick("0", "1", "2", "-3", "100", "-100", "x"));
                    if (g.chance(50)) {
                        g.a(g.pick("WITHSCORES", "BAD"));
                    }
                }
                yield g.build();
            }
            case 27 -> {
                g.cmd("ZSCAN").key().a("0");
                if (g.chance(30)) {
                    g.a("MATCH").a(g.pick("*", "m*", "[a-c]"));
                }
                yield g.build();
            }
            case 28 -> {
                g.cmd("ZADD").key();
                for (int i = 0; i < 50; i++) {
                    g.a(g.r.nextInt(100)).a("m" + g.r.nextInt(200));
                }
                yield g.build();
            }
            default -> g.cmd("OBJECT").a("ENCODING").key().build();
        };
    }
}

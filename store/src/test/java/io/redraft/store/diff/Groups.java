package io.redraft.store.diff;

import java.util.List;

/** Per-data-type random command generators for the differential test. */
final class Groups {
    private Groups() {
    }

    /** Commands any group may mix in: other types on the same keys (WRONGTYPE), arity errors. */
    static List<byte[]> common(Gen g) {
        return switch (g.r.nextInt(9)) {
            case 0 -> g.cmd("SET").key().val().build();
            case 1 -> g.cmd("RPUSH").key().val().build();
            case 2 -> g.cmd("SADD").key().a(g.member()).build();
            case 3 -> g.cmd("HSET").key().a(g.member()).val().build();
            case 4 -> g.cmd("ZADD").key().a(g.smallInt()).a(g.member()).build();
            case 5 -> g.cmd("DEL").keys(1, 2).build();
            case 6 -> g.cmd("TYPE").key().build();
            case 7 -> g.cmd("OBJECT").a("ENCODING").key().build();
            default -> g.cmd(g.pick("GET", "HGET", "LLEN", "SCARD", "ZCARD", "EXISTS", "NOSUCHCMD")).build();
        };
    }

    static List<byte[]> strings(Gen g) {
        if (g.chance(8)) {
            return common(g);
        }
        return switch (g.r.nextInt(26)) {
            case 0, 1 -> g.cmd("GET").key().build();
            case 2, 3 -> {
                g.cmd("SET").key().val();
                int n = g.r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    switch (g.r.nextInt(9)) {
                        case 0 -> g.a(g.pick("NX", "nx"));
                        case 1 -> g.a("XX");
                        case 2 -> g.a("GET");
                        case 3 -> g.a("KEEPTTL");
                        case 4 -> g.a("EX").a(g.ttl());
                        case 5 -> g.a("PX").a(g.ttl() + "000");
                        case 6 -> g.a("EXAT").a(g.pick("1", "100", "99999999999", "x"));
                        case 7 -> g.a("PXAT").a(g.pick("1", "99999999999999", "0"));
                        default -> g.a(g.pick("PERSIST", "EX", "BOGUS"));
                    }
                }
                yield g.build();
            }
            case 4 -> g.cmd("SETNX").key().val().build();
            case 5 -> g.cmd(g.pick("SETEX", "PSETEX")).key().a(g.ttl()).val().build();
            case 6 -> g.cmd("MGET").keys(1, 4).build();
            case 7 -> {
                g.cmd(g.pick("MSET", "MSETNX"));
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.key().val();
                }
                if (g.chance(10)) {
                    g.key();
                }
                yield g.build();
            }
            case 8 -> g.cmd("GETSET").key().val().build();
            case 9 -> g.cmd("GETDEL").key().build();
            case 10 -> {
                g.cmd("GETEX").key();
                switch (g.r.nextInt(6)) {
                    case 0 -> g.a("PERSIST");
                    case 1 -> g.a("EX").a(g.ttl());
                    case 2 -> g.a("PXAT").a("99999999999999");
                    case 3 -> g.a("EX").a(g.ttl()).a("PERSIST");
                    case 4 -> g.a(g.pick("KEEPTTL", "NX", "EXAT"));
                    default -> {
                    }
                }
                yield g.build();
            }
            case 11 -> g.cmd("APPEND").key().val().build();
            case 12 -> g.cmd("STRLEN").key().build();
            case 13 -> g.cmd(g.pick("GETRANGE", "SUBSTR")).key().a(g.smallInt()).a(g.smallInt()).build();
            case 14 -> g.cmd("SETRANGE").key().a(g.chance(5) ? g.pick("-1", "536870912", "x") : "" + g.r.nextInt(50))
                    .a(g.chance(10) ? "" : g.value()).build();
            case 15 -> {
                g.cmd("LCS").key().key();
                switch (g.r.nextInt(6)) {
                    case 0 -> g.a("LEN");
                    case 1 -> g.a("IDX");
                    case 2 -> g.a("IDX").a("MINMATCHLEN").a(g.r.nextInt(4));
                    case 3 -> g.a("IDX").a("WITHMATCHLEN");
                    case 4 -> g.a(g.pick("LEN", "IDX")).a(g.pick("LEN", "IDX", "BAD"));
                    default -> {
                    }
                }
                yield g.build();
            }
            case 16, 17 -> g.cmd(g.pick("INCR", "DECR")).key().build();
            case 18, 19 -> g.cmd(g.pick("INCRBY", "DECRBY")).key().a(g.chance(10) ? g.pick("9223372036854775807",
                    "-9223372036854775808", "x") : g.smallInt()).build();
            case 20, 21 -> g.cmd("INCRBYFLOAT").key().a(g.floatv()).build();
            case 22 -> g.cmd(g.pick("SET", "GET", "INCR", "MSET", "GETRANGE", "SETEX", "LCS")).build();
            case 23 -> g.cmd("OBJECT").a("ENCODING").key().build();
            case 24 -> g.cmd("SET").key().a(g.pick("12", "-5", "1234567890123456789", "0", "01", "12345678901234567890",
                    "x".repeat(44), "x".repeat(45))).build();
            default -> g.cmd("TTL").key().build();
        };
    }

    static List<byte[]> keys(Gen g) {
        if (g.chance(15)) {
            return common(g);
        }
        return switch (g.r.nextInt(24)) {
            case 0 -> g.cmd(g.pick("DEL", "UNLINK")).keys(1, 3).build();
            case 1 -> g.cmd("EXISTS").keys(1, 3).build();
            case 2 -> g.cmd("TYPE").key().build();
            case 3, 4 -> g.cmd(g.pick("RENAME", "RENAMENX")).key().key().build();
            case 5 -> {
                g.cmd("COPY").key().key();
                if (g.chance(40)) {
                    g.a("REPLACE");
                }
                if (g.chance(10)) {
                    g.a(g.pick("DB", "BOGUS")).a("0");
                }
                yield g.build();
            }
            case 6 -> g.cmd("TOUCH").keys(1, 3).build();
            case 7 -> g.cmd("KEYS").a(g.pick("*", g.prefix + "*", g.prefix + "[0-2]", g.prefix + "?", "*[^1]",
                    "\\" + g.prefix + "*", "*3", "nomatch")).build();
            case 8 -> {
                g.cmd("SCAN").a("0");
                if (g.chance(50)) {
                    g.a("COUNT").a(g.pick("1", "2", "10", "0", "x"));
                }
                if (g.chance(40)) {
                    g.a("MATCH").a(g.pick("*", g.prefix + "[13]", "*2"));
                }
                if (g.chance(40)) {
                    g.a("TYPE").a(g.pick("string", "list", "set", "zset", "hash", "nosuch"));
                }
                yield g.build();
            }
            case 9 -> g.cmd("RANDOMKEY").build();
            case 10, 11 -> {
                g.cmd(g.pick("EXPIRE", "PEXPIRE")).key().a(g.ttl() + (g.chance(50) ? "000" : ""));
                if (g.chance(50)) {
                    g.a(g.pick("NX", "XX", "GT", "LT", "nx", "BOGUS"));
                }
                if (g.chance(10)) {
                    g.a(g.pick("NX", "XX", "GT", "LT"));
                }
                yield g.build();
            }
            case 12 -> {
                g.cmd(g.pick("EXPIREAT", "PEXPIREAT")).key().a(g.pick("1", "99999999999", "99999999999999",
                        "9999999999", "-1", "x"));
                if (g.chance(40)) {
                    g.a(g.pick("NX", "XX", "GT", "LT"));
                }
                yield g.build();
            }
            case 13, 14 -> g.cmd(g.pick("TTL", "PTTL")).key().build();
            case 15 -> g.cmd(g.pick("EXPIRETIME", "PEXPIRETIME")).key().build();
            case 16 -> g.cmd("PERSIST").key().build();
            case 17 -> g.cmd("DBSIZE").build();
            case 18 -> g.cmd("OBJECT").a(g.pick("ENCODING", "BOGUS")).key().build();
            case 19 -> g.cmd(g.pick("RENAME", "COPY", "EXPIRE", "TTL", "OBJECT", "KEYS")).build();
            case 20 -> g.cmd("SET").key().val().a("EX").a(g.ttl()).build();
            default -> g.cmd("SET").key().val().build();
        };
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

    // No relative-TTL commands or DBSIZE here: with tiny random TTLs the two wall clocks race
    // (and Redis expires actively), which the keys group avoids by using TTLs of 100 s or more.
    private static final String[] ALL = ("get set setnx mget mset msetnx getset getdel getex append strlen "
            + "getrange substr setrange lcs incr incrby incrbyfloat decr decrby del unlink exists touch type rename "
            + "renamenx copy keys randomkey expireat pexpireat ttl pttl expiretime pexpiretime "
            + "persist object hset hmset hsetnx hget hmget hdel hlen hstrlen hexists hkeys hvals hgetall hincrby "
            + "hincrbyfloat hrandfield lpush rpush lpushx rpushx lpop rpop llen lindex lset lrange ltrim lrem "
            + "linsert lpos lmove rpoplpush lmpop sadd srem smembers sismember smismember scard spop srandmember "
            + "smove sinter sinterstore sintercard sunion sunionstore sdiff sdiffstore zadd zincrby zrem zcard "
            + "zscore zmscore zrank zrevrank zcount zrange zrangestore zrevrange zrangebyscore zrevrangebyscore "
            + "zremrangebyrank zremrangebyscore zunion zinter zdiff zunionstore zinterstore zdiffstore zintercard "
            + "zpopmin zpopmax zmpop zrandmember ping echo nosuch").split(" ");

    /** Any command with 0-5 arguments drawn from keys, numbers, option words and junk. */
    static List<byte[]> fuzz(Gen g) {
        if (g.chance(30)) {
            return common(g);
        }
        g.cmd(ALL[g.r.nextInt(ALL.length)].toUpperCase());
        int n = g.r.nextInt(6);
        for (int i = 0; i < n; i++) {
            switch (g.r.nextInt(7)) {
                case 0, 1 -> g.key();
                case 2 -> g.a(g.smallInt());
                case 3 -> g.a(g.pick("NX", "XX", "GT", "LT", "CH", "INCR", "EXAT", "PXAT", "KEEPTTL", "GET", "LIMIT",
                        "WITHSCORES", "BYSCORE", "BYLEX", "REV", "LEFT", "RIGHT", "MIN", "MAX", "COUNT", "IDX", "LEN",
                        "ENCODING", "REPLACE", "BEFORE", "AFTER", "RANK", "MAXLEN", "WEIGHTS", "AGGREGATE", "SUM"));
                case 4 -> g.a(g.member());
                case 5 -> g.a(g.floatv());
                default -> g.val();
            }
        }
        return g.build();
    }
}

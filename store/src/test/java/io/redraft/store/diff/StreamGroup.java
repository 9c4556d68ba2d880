package io.redraft.store.diff;

import java.util.List;

/**
 * Random stream commands: entries, trimming, reads, consumer groups and PELs, XINFO, XSETID,
 * with IDs from a small space (so XDEL, XACK and XCLAIM find entries), edge IDs and bad ones,
 * and other types on the same keys for WRONGTYPE. Min-idle arguments are 0 or an hour, so the
 * decisions never hang on the few milliseconds the two clocks differ.
 */
final class StreamGroup {
    private StreamGroup() {
    }

    static String id(Gen g) {
        return switch (g.r.nextInt(20)) {
            case 0 -> g.pick("0-0", "0", "0-1", "-", "+", "18446744073709551615-18446744073709551615",
                    "18446744073709551615-18446744073709551614", "18446744073709551615", "9223372036854775808-1");
            case 1 -> g.pick("abc", "", "5-", "-5", " 5", "+5", "00005-1", "1-1-1", "5-x", "-1-1", "1--1",
                    "99999999999999999999-1", "5\u00001", "1-18446744073709551616");
            case 2 -> (g.r.nextInt(30) + 1) + "-*";
            default -> (g.r.nextInt(30) + 1) + (g.chance(80) ? "-" + g.r.nextInt(4) : "");
        };
    }

    static String bound(Gen g) {
        return switch (g.r.nextInt(8)) {
            case 0 -> g.pick("-", "+");
            case 1 -> "(" + id(g);
            case 2 -> g.pick("(-", "(+", "(0-0", "(18446744073709551615-18446744073709551615", "(");
            default -> id(g);
        };
    }

    private static String field(Gen g) {
        return g.chance(70) ? g.pick("f", "g", "name", "1") : g.value();
    }

    private static String value(Gen g) {
        return switch (g.r.nextInt(12)) {
            case 0 -> "v".repeat(200 + g.r.nextInt(900));
            case 1 -> "w".repeat(3000 + g.r.nextInt(3000));
            case 2, 3 -> Long.toString(g.r.nextLong() >> g.r.nextInt(64));
            default -> g.value();
        };
    }

    private static String group(Gen g) {
        return g.chance(90) ? g.pick("g1", "g2", "g3") : g.pick("nog", "", "g\u00001");
    }

    private static String consumer(Gen g) {
        return g.chance(90) ? g.pick("c1", "c2", "c3", "alice") : g.pick("", "c\u0000x", "zz");
    }

    private static String count(Gen g) {
        return g.chance(85) ? Integer.toString(g.r.nextInt(12)) : g.pick("-1", "0", "x", "9223372036854775807", "100000");
    }

    private static String minIdle(Gen g) {
        return g.chance(85) ? g.pick("0", "0", "3600000") : g.pick("-5", "x", "9223372036854775807");
    }

    private static void trim(Gen g) {
        boolean maxlen = g.chance(50);
        g.a(maxlen ? "MAXLEN" : "MINID");
        if (g.chance(60)) {
            g.a(g.pick("=", "~", "~", "="));
        }
        g.a(maxlen ? (g.chance(90) ? Integer.toString(g.r.nextInt(150)) : g.pick("-1", "x")) : id(g));
        if (g.chance(25)) {
            g.a("LIMIT").a(g.chance(90) ? Integer.toString(g.r.nextInt(250)) : g.pick("-1", "x"));
        }
    }

    static List<byte[]> streams(Gen g) {
        int k = g.r.nextInt(100);
        if (k < 30) {
            g.cmd("XADD").key();
            if (g.chance(10)) {
                g.a("NOMKSTREAM");
            }
            if (g.chance(25)) {
                trim(g);
            }
            if (g.chance(5)) {
                g.a(g.pick("LIMIT", "NOMKSTREAM", "MAXLEN"));
            }
            g.a(g.chance(25) ? "*" : id(g));
            boolean same = g.chance(60);
            int n = g.chance(95) ? 1 + g.r.nextInt(3) : 0;
            for (int i = 0; i < n; i++) {
                g.a(same ? new String[]{"f", "g", "h"}[i] : field(g)).a(value(g));
            }
            if (g.chance(3)) {
                g.a("odd");
            }
            return g.build();
        }
        return switch (k) {
            case 30, 31, 32, 33, 34 -> {
                g.cmd(g.chance(50) ? "XRANGE" : "XREVRANGE").key().a(bound(g)).a(bound(g));
                if (g.chance(40)) {
                    g.a(g.chance(95) ? "COUNT" : "LIMIT").a(count(g));
                }
                yield g.build();
            }
            case 35, 36 -> g.cmd("XLEN").key().build();
            case 37, 38, 39 -> {
                g.cmd("XDEL").key();
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(id(g));
                }
                yield g.build();
            }
            case 40, 41 -> {
                g.cmd("XTRIM").key();
                if (g.chance(95)) {
                    trim(g);
                }
                if (g.chance(5)) {
                    g.a(g.pick("LIMIT", "x", "5"));
                }
                yield g.build();
            }
            case 42, 43, 44 -> {
                g.cmd("XREAD");
                if (g.chance(50)) {
                    g.a("COUNT").a(count(g));
                }
                if (g.chance(3)) {
                    g.a(g.pick("NOACK", "GROUP", "x"));
                }
                g.a("STREAMS");
                int n = 1 + g.r.nextInt(2);
                for (int i = 0; i < n; i++) {
                    g.key();
                }
                for (int i = 0; i < n - (g.chance(3) ? 1 : 0); i++) {
                    g.a(g.chance(20) ? g.pick("$", ">") : id(g));
                }
                yield g.build();
            }
            case 45, 46, 47, 48 -> {
                String sub = g.pick("CREATE", "CREATE", "CREATE", "SETID", "DESTROY", "CREATECONSUMER",
                        "DELCONSUMER", "HELP", "NOPE");
                g.cmd("XGROUP").a(sub);
                if (sub.equals("HELP")) {
                    yield g.build();
                }
                g.key().a(group(g));
                switch (sub) {
                    case "CREATE", "SETID" -> {
                        g.a(g.chance(30) ? "$" : g.chance(30) ? "0" : id(g));
                        if (sub.equals("CREATE") && g.chance(40)) {
                            g.a("MKSTREAM");
                        }
                        if (g.chance(20)) {
                            g.a("ENTRIESREAD").a(g.pick("0", "3", "-1", "-2", "x", "100"));
                        }
                        if (g.chance(3)) {
                            g.a(g.pick("MKSTREAM", "x"));
                        }
                    }
                    case "CREATECONSUMER", "DELCONSUMER" -> g.a(consumer(g));
                    default -> {
                        if (g.chance(5)) {
                            g.a("extra");
                        }
                    }
                }
                yield g.build();
            }
            case 49, 50, 51, 52, 53, 54 -> {
                g.cmd("XREADGROUP").a("GROUP").a(group(g)).a(consumer(g));
                if (g.chance(40)) {
                    g.a("COUNT").a(count(g));
                }
                if (g.chance(20)) {
                    g.a("NOACK");
                }
                g.a("STREAMS");
                int n = 1 + g.r.nextInt(2);
                for (int i = 0; i < n; i++) {
                    g.key();
                }
                for (int i = 0; i < n; i++) {
                    g.a(g.chance(60) ? ">" : g.chance(10) ? "$" : id(g));
                }
                yield g.build();
            }
            case 55, 56, 57 -> {
                g.cmd("XACK").key().a(group(g));
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(id(g));
                }
                yield g.build();
            }
            case 58, 59, 60, 61 -> {
                g.cmd("XPENDING").key().a(group(g));
                if (g.chance(70)) {
                    if (g.chance(30)) {
                        g.a("IDLE").a(minIdle(g));
                    }
                    g.a(bound(g)).a(bound(g)).a(count(g));
                    if (g.chance(40)) {
                        g.a(consumer(g));
                    }
                } else if (g.chance(10)) {
                    g.a("-").a("+");
                }
                yield g.build();
            }
            case 62, 63, 64, 65 -> {
                g.cmd("XCLAIM").key().a(group(g)).a(consumer(g)).a(minIdle(g));
                int n = 1 + g.r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    g.a(g.chance(90) ? (g.r.nextInt(30) + 1) + "-" + g.r.nextInt(4) : id(g));
                }
                int opts = g.r.nextInt(3);
                for (int i = 0; i < opts; i++) {
                    switch (g.r.nextInt(8)) {
                        case 0 -> g.a("FORCE");
                        case 1 -> g.a("JUSTID");
                        case 2 -> g.a("IDLE").a(g.pick("0", "5000000", "x", "-1"));
                        case 3 -> g.a("TIME").a(g.pick("1000", "99999999999999", "x", "-1"));
                        case 4 -> g.a("RETRYCOUNT").a(g.pick("0", "7", "x", "-1"));
                        case 5 -> g.a("LASTID").a(id(g));
                        case 6 -> g.a(g.pick("BOGUS", "idle"));
                        default -> g.a("force");
                    }
                }
                yield g.build();
            }
            case 66, 67, 68 -> {
                g.cmd("XAUTOCLAIM").key().a(group(g)).a(consumer(g)).a(minIdle(g)).a(bound(g));
                if (g.chance(50)) {
                    g.a("COUNT").a(g.chance(85) ? Integer.toString(1 + g.r.nextInt(5)) : g.pick("0", "-1", "x",
                            "576460752303423487", "576460752303423488"));
                }
                if (g.chance(30)) {
                    g.a("JUSTID");
                }
                if (g.chance(3)) {
                    g.a("BOGUS");
                }
                yield g.build();
            }
            case 69, 70, 71, 72, 73 -> {
                String sub = g.pick("STREAM", "STREAM", "GROUPS", "CONSUMERS", "HELP", "NOPE");
                g.cmd("XINFO").a(sub);
                if (sub.equals("HELP")) {
                    yield g.build();
                }
                g.key();
                if (sub.equals("CONSUMERS")) {
                    g.a(group(g));
                } else if (sub.equals("STREAM") && g.chance(60)) {
                    g.a(g.chance(95) ? "FULL" : "x");
                    if (g.chance(50)) {
                        g.a(g.chance(95) ? "COUNT" : "y").a(count(g));
                    }
                }
                if (g.chance(3)) {
                    g.a("extra");
                }
                yield g.build();
            }
            case 74, 75 -> {
                g.cmd("XSETID").key().a(g.chance(70) ? (g.r.nextInt(40) + 1) + "-" + g.r.nextInt(5) : id(g));
                if (g.chance(30)) {
                    g.a("ENTRIESADDED").a(g.pick("0", "5", "1000", "-1", "x"));
                }
                if (g.chance(30)) {
                    g.a("MAXDELETEDID").a(g.chance(70) ? (g.r.nextInt(40) + 1) + "-0" : id(g));
                }
                if (g.chance(3)) {
                    g.a("BOGUS");
                }
                yield g.build();
            }
            case 76 -> g.cmd("DEL").key().build();
            case 77 -> g.cmd("TYPE").key().build();
            case 78 -> g.cmd("OBJECT").a("ENCODING").key().build();
            case 79 -> g.cmd("COPY").key().key().a(g.pick("REPLACE", "REPLACE", "x")).build();
            case 80 -> g.cmd("RENAME").key().key().build();
            case 81 -> g.cmd("EXISTS").key().build();
            case 82 -> g.cmd(g.pick("SET", "LPUSH", "SADD")).key().a("x").build();
            case 83 -> g.cmd("GET").key().build();
            case 84, 85 -> g.cmd("XDUMP").key().key().build();
            case 86 -> g.cmd("DUMP").key().build();
            case 87 -> g.cmd("EXPIRE").key().a("100000").build();
            case 88 -> {
                // A burst of entries on one key, to fill nodes past 100 entries / 4 KB.
                g.cmd("XADD").key().a("*").a("f").a(value(g)).a("g").a(Integer.toString(g.r.nextInt(1000)));
                yield g.build();
            }
            default -> g.cmd(g.pick("XADD", "XRANGE", "XREVRANGE", "XLEN", "XDEL", "XTRIM", "XREAD", "XGROUP",
                    "XREADGROUP", "XACK", "XPENDING", "XCLAIM", "XAUTOCLAIM", "XINFO", "XSETID")).key().build();
        };
    }
}

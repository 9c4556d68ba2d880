package io.redraft.store.diff;

import java.util.List;

/**
 * HyperLogLog commands. GET is compared byte for byte, so sparse edits, VAL merges, promotion to
 * dense and the cached cardinality must all match Redis's bytes.
 */
final class HllGroup {
    private HllGroup() {
    }

    private static String element(Gen g) {
        return g.chance(20) ? g.value() : "e" + g.r.nextInt(g.chance(50) ? 200 : 1_000_000);
    }

    /** Damage anywhere in the header or the first registers: the checks on read must catch it as Redis's do. */
    private static List<byte[]> corrupt(Gen g) {
        StringBuilder b = new StringBuilder();
        for (int i = g.r.nextInt(1, 4); i > 0; i--) {
            b.append((char) (g.chance(30) ? g.r.nextInt(256) : g.pick("\u0000", "\u0001", "\u007f", "\u0080", "\u00ff").charAt(0)));
        }
        return g.cmd("SETRANGE").key().a(Integer.toString(g.r.nextInt(0, 40))).a(b.toString()).build();
    }

    static List<byte[]> hll(Gen g) {
        if (g.chance(5)) {
            return Groups.common(g);
        }
        return switch (g.r.nextInt(16)) {
            case 0, 1, 2 -> {
                g.cmd("PFADD").key();
                int n = g.r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    g.a(element(g));
                }
                yield g.build();
            }
            case 3 -> {
                // Big batches push sparse HLLs past 3000 bytes or a register past 32: dense.
                g.cmd("PFADD").key();
                int n = 20 + g.r.nextInt(g.chance(30) ? 1500 : 200);
                for (int i = 0; i < n; i++) {
                    g.a(element(g));
                }
                yield g.build();
            }
            case 4, 5, 6 -> g.cmd("PFCOUNT").keys(1, 3).build();
            case 7 -> g.cmd("PFMERGE").keys(1, 4).build();
            case 8, 9 -> g.cmd("GET").key().build();
            case 10 -> g.cmd("STRLEN").key().build();
            case 11 -> g.cmd("SET").key().a(g.pick("HYLL", "HYLLxxxxxxxxxxxxxxxx", "123", "")).build();
            case 12 -> g.chance(50)
                    ? g.cmd("SETRANGE").key().a("15").a(g.pick("\u0080", "\u0000")).build()
                    : corrupt(g);
            case 13 -> g.cmd("APPEND").key().a(g.pick("x", "\u0000")).build();
            case 14 -> g.cmd("OBJECT").a("ENCODING").key().build();
            default -> g.cmd(g.pick("PFADD", "PFCOUNT", "PFMERGE")).build();
        };
    }
}

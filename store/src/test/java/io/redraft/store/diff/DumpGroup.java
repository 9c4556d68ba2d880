package io.redraft.store.diff;

import io.redraft.store.rdb.Crc64;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * DUMP / RESTORE: every data type's commands on shared keys, XDUMP (DUMP on each side, RESTORE
 * on the other, after which the other groups' reads compare the values) and RESTORE's option,
 * TTL and payload errors.
 */
final class DumpGroup {
    static final String VALID = validPayload();

    private DumpGroup() {
    }

    /** DUMP of the string "hello" as Redis 7.0 writes it. */
    private static String validPayload() {
        byte[] p = new byte[1 + 1 + 5 + 10];
        p[0] = 0;
        p[1] = 5;
        System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, p, 2, 5);
        p[7] = 10;
        p[8] = 0;
        long crc = Crc64.of(Arrays.copyOf(p, p.length - 8));
        for (int i = 0; i < 8; i++) {
            p[p.length - 8 + i] = (byte) (crc >>> (8 * i));
        }
        return new String(p, StandardCharsets.ISO_8859_1);
    }

    static List<byte[]> dump(Gen g) {
        return switch (g.r.nextInt(12)) {
            case 0 -> Groups.strings(g);
            case 1 -> CollectionGroups.hashes(g);
            case 2 -> CollectionGroups.lists(g);
            case 3 -> CollectionGroups.sets(g);
            case 4 -> CollectionGroups.zsets(g);
            case 5 -> HllGroup.hll(g);
            case 6, 7, 8 -> g.cmd("XDUMP").key().key().build();
            case 9 -> g.chance(50) ? g.cmd("DUMP").key().build()
                    : g.chance(80) ? g.cmd("OBJECT").a(g.pick("REFCOUNT", "FREQ", "freq", "IDLETIME", "idletime")).key().build()
                    : g.cmd("OBJECT").a("HELP").build();
            default -> {
                g.cmd("RESTORE").key().a(g.pick("0", "0", "-1", "x", "100000", "9999999999999"));
                byte[] payload = g.pick(List.of(VALID, VALID, "", "x", VALID.substring(0, 8), VALID.replace("hello", "hellp")))
                        .getBytes(StandardCharsets.ISO_8859_1);
                List<byte[]> argv = g.build();
                argv.add(payload);
                int n = g.r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String o = g.pick("REPLACE", "replace", "ABSTTL", "IDLETIME", "FREQ", "BOGUS");
                    argv.add(o.getBytes(StandardCharsets.US_ASCII));
                    if ((o.equals("IDLETIME") || o.equals("FREQ")) && g.chance(80)) {
                        argv.add(g.pick("0", "5", "-1", "256", "x", "1000", "99999999").getBytes(StandardCharsets.US_ASCII));
                    }
                }
                yield argv;
            }
        };
    }
}

package io.redraft.store.rdb;

/**
 * The CRC-64 Redis puts at the end of an RDB file (src/crc64.c): the Jones polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor. Check value:
 * {@code crc64("123456789") == 0xe9c6d914c4b8d9ca}.
 */
public final class Crc64 {
    /** The Jones polynomial bit-reversed, for the reflected (LSB-first) form. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[][] TABLES = buildTables();

    private long crc;

    /** Eight tables for slicing-by-8: the table-per-byte form is the bottleneck of a large save. */
    private static long[][] buildTables() {
        long[][] t = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int j = 1; j < 8; j++) {
                t[j][i] = (t[j - 1][i] >>> 8) ^ t[0][(int) (t[j - 1][i] & 0xFF)];
            }
        }
        return t;
    }

    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }

    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            c ^= (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                    | (b[i + 7] & 0xFFL) << 56;
            c = TABLES[7][(int) (c & 0xFF)] ^ TABLES[6][(int) ((c >>> 8) & 0xFF)]
                    ^ TABLES[5][(int) ((c >>> 16) & 0xFF)] ^ TABLES[4][(int) ((c >>> 24) & 0xFF)]
                    ^ TABLES[3][(int) ((c >>> 32) & 0xFF)] ^ TABLES[2][(int) ((c >>> 40) & 0xFF)]
                    ^ TABLES[1][(int) ((c >>> 48) & 0xFF)] ^ TABLES[0][(int) (c >>> 56)];
        }
        for (; i < end; i++) {
            c = TABLES[0][(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
        }
        crc = c;
    }

    public long value() {
        return crc;
    }

    public static long of(byte[] b) {
        Crc64 c = new Crc64();
        c.update(b, 0, b.length);
        return c.value();
    }
}

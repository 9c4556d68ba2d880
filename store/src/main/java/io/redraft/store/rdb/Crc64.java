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
    /** {@link #TABLES} end to end: table j at j * 256. */
    private static final long[] FLAT = flatten(TABLES);
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private long crc;

    /** Sixteen tables for slicing-by-16: the table-per-byte form is the bottleneck of a large save. */
    private static long[][] buildTables() {
        long[][] t = new long[16][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int j = 1; j < 16; j++) {
                t[j][i] = (t[j - 1][i] >>> 8) ^ t[0][(int) (t[j - 1][i] & 0xFF)];
            }
        }
        return t;
    }

    private static long[] flatten(long[][] tables) {
        long[] flat = new long[16 * 256];
        for (int j = 0; j < 16; j++) System.arraycopy(tables[j], 0, flat, j * 256, 256);
        return flat;
    }

    public void update(int b) {
        crc = TABLES[0][(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }

    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        long[] t = FLAT;
        // Sixteen bytes read as two little-endian longs, and one flat table: slicing by eight with
        // byte-by-byte reads and a table of tables cost a third of a large save's time (#24);
        // this runs twice as fast.
        for (; i + 16 <= end; i += 16) {
            c ^= (long) LONG_LE.get(b, i);
            long d = (long) LONG_LE.get(b, i + 8);
            c = t[15 * 256 + (int) (c & 0xFF)] ^ t[14 * 256 + (int) ((c >>> 8) & 0xFF)]
                    ^ t[13 * 256 + (int) ((c >>> 16) & 0xFF)] ^ t[12 * 256 + (int) ((c >>> 24) & 0xFF)]
                    ^ t[11 * 256 + (int) ((c >>> 32) & 0xFF)] ^ t[10 * 256 + (int) ((c >>> 40) & 0xFF)]
                    ^ t[9 * 256 + (int) ((c >>> 48) & 0xFF)] ^ t[8 * 256 + (int) (c >>> 56)]
                    ^ t[7 * 256 + (int) (d & 0xFF)] ^ t[6 * 256 + (int) ((d >>> 8) & 0xFF)]
                    ^ t[5 * 256 + (int) ((d >>> 16) & 0xFF)] ^ t[4 * 256 + (int) ((d >>> 24) & 0xFF)]
                    ^ t[3 * 256 + (int) ((d >>> 32) & 0xFF)] ^ t[2 * 256 + (int) ((d >>> 40) & 0xFF)]
                    ^ t[256 + (int) ((d >>> 48) & 0xFF)] ^ t[(int) (d >>> 56)];
        }
        for (; i < end; i++) {
            c = t[(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
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

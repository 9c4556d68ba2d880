package io.redraft.store;

import io.redraft.resp.Allocation;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the HyperLogLog decoder through {@link Store#execute}: a string that
 * claims to be an HLL (a sparse one from PFADD or a dense one, patched in places with SETRANGE; or
 * raw bytes behind the "HYLL" magic) is read by PFCOUNT, PFADD and PFMERGE. Each answers a count,
 * OK or an error (Redis's "INVALIDOBJ Corrupted HLL object detected"), never an internal error,
 * and no corrupt header or register run makes it allocate or loop without bound.
 * Corpus: {@code HllFuzzInputs}.
 */
class HllFuzz {
    /** HLL_DENSE_SIZE: the 16-byte header and 16384 6-bit registers. */
    private static final int DENSE_SIZE = 16 + 16384 * 6 / 8;

    @FuzzTest
    void corrupt(FuzzedDataProvider data) throws Exception {
        int mode = data.consumeInt(0, 3);
        int elements = data.consumeInt(0, 40);
        int writes = data.consumeInt(1, 4);
        int[] offsets = new int[writes];
        byte[][] chunks = new byte[writes][];
        for (int i = 0; i < writes; i++) {
            offsets[i] = data.consumeBoolean() ? data.consumeInt(0, 40) : data.consumeInt(0, DENSE_SIZE + 16);
            chunks[i] = data.consumeBytes(data.consumeInt(1, 32));
        }
        byte[] raw = data.consumeRemainingAsBytes();
        Allocation.bounded(raw.length, 1 << 20, 256, () -> {
            FuzzClient c = new FuzzClient(2);
            switch (mode) {
                case 0 -> { // a real sparse HLL, patched
                    Object[] add = new Object[2 + elements];
                    add[0] = "PFADD";
                    add[1] = "h";
                    for (int i = 0; i < elements; i++) add[2 + i] = "e" + i;
                    c.run(add);
                    for (int i = 0; i < writes; i++) c.run("SETRANGE", "h", offsets[i], chunks[i]);
                }
                case 1 -> { // a dense HLL (all registers 0 but what the patches set)
                    byte[] dense = new byte[DENSE_SIZE];
                    dense[0] = 'H';
                    dense[1] = 'Y';
                    dense[2] = 'L';
                    dense[3] = 'L';
                    c.run("SET", "h", dense);
                    for (int i = 0; i < writes; i++) c.run("SETRANGE", "h", offsets[i], chunks[i]);
                }
                case 2 -> { // raw bytes behind the magic
                    byte[] v = new byte[4 + raw.length];
                    v[0] = 'H';
                    v[1] = 'Y';
                    v[2] = 'L';
                    v[3] = 'L';
                    System.arraycopy(raw, 0, v, 4, raw.length);
                    c.run("SET", "h", v);
                }
                default -> c.run("SET", "h", raw);
            }
            c.run("PFCOUNT", "h");
            c.run("PFADD", "h", "x", "y", "z");
            c.run("PFCOUNT", "h");
            c.run("PFADD", "o", "a");
            c.run("PFMERGE", "d", "o", "h");
            c.run("PFCOUNT", "o", "h");
            c.run("PFMERGE", "h", "o");
            c.run("PFCOUNT", "h");
        });
    }
}

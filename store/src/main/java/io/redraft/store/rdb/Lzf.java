package io.redraft.store.rdb;

/**
 * LZF decompression (liblzf's format, which Redis uses for compressed RDB strings). A control
 * byte below 32 starts a literal run of control+1 bytes; otherwise its top 3 bits are the
 * match length - 2 (7 = read one more length byte) and its low 5 bits with the next byte the
 * back-reference distance - 1.
 */
final class Lzf {
    private Lzf() {
    }

    /** Decompresses into exactly {@code outLen} bytes; throws with a reason on malformed input. */
    static byte[] decompress(byte[] in, int outLen) {
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > outLen) {
                    throw new IllegalArgumentException("LZF literal run past the declared length " + outLen);
                }
                if (ip + run > in.length) {
                    throw new IllegalArgumentException("LZF literal run past the compressed data");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >>> 5;
                if (len == 7) {
                    if (ip >= in.length) {
                        throw new IllegalArgumentException("LZF match length cut short");
                    }
                    len += in[ip++] & 0xFF;
                }
                if (ip >= in.length) {
                    throw new IllegalArgumentException("LZF back-reference cut short");
                }
                int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
                len += 2;
                if (ref < 0) {
                    throw new IllegalArgumentException("LZF back-reference before the start of the output");
                }
                if (op + len > outLen) {
                    throw new IllegalArgumentException("LZF match past the declared length " + outLen);
                }
                for (int k = 0; k < len; k++) { // may overlap its own output: copy byte by byte
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != outLen) {
            throw new IllegalArgumentException("LZF data gave " + op + " bytes, declared " + outLen);
        }
        return out;
    }
}

package io.redraft.script;

import io.redraft.store.CommandError;
import io.redraft.store.rdb.Crc64;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload, which is also how Redis's RDB holds libraries: per library the
 * RDB_OPCODE_FUNCTION2 opcode (245) and the library code as an RDB string, then the RDB version
 * (2 bytes, little-endian) and a CRC-64 of all before it (8 bytes, little-endian). Codes are
 * written uncompressed; LZF-compressed strings (what Redis writes for long codes) are read.
 */
final class FunctionDump {
    static final int OPCODE_FUNCTION2 = 245;
    private static final int RDB_VERSION = 10;
    private static final int MAX_RDB_VERSION = 11;

    private FunctionDump() {
    }

    /** The RDB function section of these library codes (no version or checksum): for a snapshot. */
    static byte[] section(List<byte[]> codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] code : codes) {
            out.write(OPCODE_FUNCTION2);
            writeLength(out, code.length);
            out.writeBytes(code);
        }
        return out.toByteArray();
    }

    static byte[] dump(List<byte[]> codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(section(codes));
        out.write(RDB_VERSION & 0xff);
        out.write(RDB_VERSION >>> 8);
        long crc = Crc64.of(out.toByteArray());
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
        return out.toByteArray();
    }

    /** The library codes of a FUNCTION DUMP payload, with Redis's errors for a bad one. */
    static List<byte[]> parse(byte[] payload) {
        if (payload.length < 10) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        int body = payload.length - 10;
        int version = (payload[body] & 0xff) | (payload[body + 1] & 0xff) << 8;
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (payload[body + 2 + i] & 0xffL) << (8 * i);
        }
        byte[] covered = java.util.Arrays.copyOf(payload, body + 2);
        if (version > MAX_RDB_VERSION || Crc64.of(covered) != stored) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        List<byte[]> codes = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < body) {
            int op = payload[pos[0]++] & 0xff;
            if (op != OPCODE_FUNCTION2) {
                throw new CommandError("ERR given type is not a function");
            }
            codes.add(readString(payload, pos, body));
        }
        return codes;
    }

    private static void writeLength(ByteArrayOutputStream out, int n) {
        if (n < 64) {
            out.write(n);
        } else if (n < 16384) {
            out.write(0x40 | (n >>> 8));
            out.write(n & 0xff);
        } else {
            out.write(0x80);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    private static int u8(byte[] b, int[] pos, int end) {
        if (pos[0] >= end) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        return b[pos[0]++] & 0xff;
    }

    /** An RDB length; -1 - encoding for the special encodings (0xC0 forms). */
    private static long readLength(byte[] b, int[] pos, int end) {
        int first = u8(b, pos, end);
        return switch (first >>> 6) {
            case 0 -> first & 0x3f;
            case 1 -> ((first & 0x3f) << 8) | u8(b, pos, end);
            case 2 -> {
                if (first == 0x80) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | u8(b, pos, end);
                    }
                    yield v;
                }
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | u8(b, pos, end);
                }
                yield v;
            }
            default -> -1 - (first & 0x3f);
        };
    }

    private static byte[] readString(byte[] b, int[] pos, int end) {
        long len = readLength(b, pos, end);
        if (len == -1 - 3) { // LZF: compressed length, plain length, data
            int clen = (int) readLength(b, pos, end);
            int plen = (int) readLength(b, pos, end);
            if (clen < 0 || plen < 0 || pos[0] + clen > end) {
                throw new CommandError("ERR DUMP payload version or checksum are wrong");
            }
            byte[] out = lzf(b, pos[0], clen, plen);
            pos[0] += clen;
            return out;
        }
        if (len < 0 || pos[0] + len > end) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        byte[] out = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) len);
        pos[0] += (int) len;
        return out;
    }

    /** LZF decompression: literal runs (control < 32) and back references. */
    private static byte[] lzf(byte[] in, int off, int len, int outLen) {
        byte[] out = new byte[outLen];
        int ip = off;
        int op = 0;
        int end = off + len;
        try {
            while (ip < end) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    System.arraycopy(in, ip, out, op, ctrl + 1);
                    ip += ctrl + 1;
                    op += ctrl + 1;
                } else {
                    int n = ctrl >>> 5;
                    if (n == 7) {
                        n += in[ip++] & 0xff;
                    }
                    int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
                    for (int k = 0; k < n + 2; k++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        if (op != outLen) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        return out;
    }
}

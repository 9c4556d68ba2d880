package io.redraft.store.stream;

import io.redraft.store.Nums;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Listpack (Redis 7 listpack.c) sizes, encoding and decoding for stream nodes. Sizes matter
 * beyond RDB: Redis starts a new stream node when the tail listpack would pass
 * stream-node-max-bytes, which XINFO's radix-tree-keys shows, so every element is sized as
 * lpAppend stores it (an integer-looking string takes an integer encoding).
 */
final class Listpacks {
    static final int HEADER = 6;

    private Listpacks() {
    }

    /** Bytes of an integer element, back-length included. */
    static int intSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= -32768 && v <= 32767) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlenSize(enc);
    }

    /** Bytes of a string element as lpAppend stores it, back-length included. */
    static int size(byte[] s) {
        Long v = Nums.parseLongOr(s, null);
        if (v != null) {
            return intSize(v);
        }
        int n = s.length;
        int enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
        return enc + backlenSize(enc);
    }

    private static int backlenSize(int l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    /** Builds a listpack element by element. */
    static final class Writer {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int count;

        Writer add(long v) {
            byte[] enc;
            if (v >= 0 && v <= 127) {
                enc = new byte[]{(byte) v};
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                enc = new byte[]{(byte) ((u >> 8) | 0xC0), (byte) u};
            } else {
                int width = v >= -32768 && v <= 32767 ? 2 : v >= -8388608 && v <= 8388607 ? 3
                        : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
                enc = new byte[1 + width];
                enc[0] = (byte) (width == 2 ? 0xF1 : width == 3 ? 0xF2 : width == 4 ? 0xF3 : 0xF4);
                for (int i = 0; i < width; i++) {
                    enc[1 + i] = (byte) (v >>> (8 * i));
                }
            }
            return element(enc);
        }

        Writer add(byte[] s) {
            Long v = Nums.parseLongOr(s, null);
            if (v != null) {
                return add((long) v);
            }
            int n = s.length;
            byte[] enc;
            int h;
            if (n < 64) {
                enc = new byte[1 + n];
                enc[0] = (byte) (0x80 | n);
                h = 1;
            } else if (n < 4096) {
                enc = new byte[2 + n];
                enc[0] = (byte) (0xE0 | (n >> 8));
                enc[1] = (byte) n;
                h = 2;
            } else {
                enc = new byte[5 + n];
                enc[0] = (byte) 0xF0;
                for (int i = 0; i < 4; i++) {
                    enc[1 + i] = (byte) (n >>> (8 * i));
                }
                h = 5;
            }
            System.arraycopy(s, 0, enc, h, n);
            return element(enc);
        }

        private Writer element(byte[] enc) {
            body.writeBytes(enc);
            long l = enc.length;
            if (l <= 127) {
                body.write((int) l);
            } else if (l < 16383) {
                body.write((int) (l >> 7));
                body.write((int) ((l & 127) | 128));
            } else if (l < 2097151) {
                body.write((int) (l >> 14));
                body.write((int) (((l >> 7) & 127) | 128));
                body.write((int) ((l & 127) | 128));
            } else if (l < 268435455) {
                body.write((int) (l >> 21));
                body.write((int) (((l >> 14) & 127) | 128));
                body.write((int) (((l >> 7) & 127) | 128));
                body.write((int) ((l & 127) | 128));
            } else {
                body.write((int) (l >> 28));
                body.write((int) (((l >> 21) & 127) | 128));
                body.write((int) (((l >> 14) & 127) | 128));
                body.write((int) (((l >> 7) & 127) | 128));
                body.write((int) ((l & 127) | 128));
            }
            count++;
            return this;
        }

        /** The elements written so far, without header or terminator (to splice into a listpack). */
        byte[] body() {
            return body.toByteArray();
        }

        int count() {
            return count;
        }

        byte[] toByteArray() {
            int total = HEADER + body.size() + 1;
            byte[] out = new byte[total];
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) (total >>> (8 * i));
            }
            int n = Math.min(count, 65535);
            out[4] = (byte) n;
            out[5] = (byte) (n >>> 8);
            System.arraycopy(body.toByteArray(), 0, out, HEADER, body.size());
            out[total - 1] = (byte) 0xFF;
            return out;
        }
    }

    /**
     * Walks a listpack's elements from a position without copying more than asked: a stream node
     * reads its entries straight from its listpack bytes. The caller has validated the listpack
     * (see {@link #decode}).
     */
    static final class Reader {
        private final byte[] lp;
        int pos;

        Reader(byte[] lp, int pos) {
            this.lp = lp;
            this.pos = pos;
        }

        boolean atEnd() {
            return (lp[pos] & 0xFF) == 0xFF;
        }

        /** The element as a number (a string element must hold a canonical integer). */
        long nextInt() {
            int b = lp[pos] & 0xFF;
            if (b == 0xFF) {
                throw new IllegalArgumentException("stream listpack ends inside an entry");
            }
            long v;
            int enc;
            if ((b & 0x80) == 0) {
                v = b & 0x7F;
                enc = 1;
            } else if ((b & 0xE0) == 0xC0) {
                v = ((((b & 0x1F) << 8) | (lp[pos + 1] & 0xFF)) << 19) >> 19;
                enc = 2;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int width = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                int shift = 64 - 8 * width;
                v = (le(lp, pos + 1, width) << shift) >> shift;
                enc = 1 + width;
            } else if ((b & 0xC0) != 0x80 && (b & 0xF0) != 0xE0 && b != 0xF0) {
                throw new IllegalArgumentException("bad listpack encoding byte 0x" + Integer.toHexString(b));
            } else {
                Long parsed = Nums.parseLongOr(next(), null);
                if (parsed == null) {
                    throw new IllegalArgumentException("stream listpack holds text where a number belongs");
                }
                return parsed;
            }
            pos += enc + backlenSize(enc);
            return v;
        }

        /** The element's bytes (an integer as its decimal text). */
        byte[] next() {
            int b = lp[pos] & 0xFF;
            if (b == 0xFF) {
                throw new IllegalArgumentException("stream listpack ends inside an entry");
            }
            int h;
            int len;
            if ((b & 0xC0) == 0x80) {
                h = 1;
                len = b & 0x3F;
            } else if ((b & 0xF0) == 0xE0) {
                h = 2;
                len = ((b & 0x0F) << 8) | (lp[pos + 1] & 0xFF);
            } else if (b == 0xF0) {
                h = 5;
                len = (int) le(lp, pos + 1, 4);
            } else if ((b & 0x80) == 0 || (b & 0xE0) == 0xC0 || (b >= 0xF1 && b <= 0xF4)) {
                return text(nextInt());
            } else {
                throw new IllegalArgumentException("bad listpack encoding byte 0x" + Integer.toHexString(b));
            }
            byte[] out = new byte[len];
            System.arraycopy(lp, pos + h, out, 0, len);
            pos += h + len + backlenSize(h + len);
            return out;
        }

        void skip() {
            int b = lp[pos] & 0xFF;
            if (b == 0xFF) {
                throw new IllegalArgumentException("stream listpack ends inside an entry");
            }
            int enc;
            if ((b & 0x80) == 0) {
                enc = 1;
            } else if ((b & 0xC0) == 0x80) {
                enc = 1 + (b & 0x3F);
            } else if ((b & 0xE0) == 0xC0) {
                enc = 2;
            } else if ((b & 0xF0) == 0xE0) {
                enc = 2 + (((b & 0x0F) << 8) | (lp[pos + 1] & 0xFF));
            } else if (b == 0xF0) {
                enc = 5 + (int) le(lp, pos + 1, 4);
            } else {
                enc = 1 + (b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8);
            }
            pos += enc + backlenSize(enc);
        }
    }

    /** The elements of a listpack; integers come back as their decimal text. */
    static List<byte[]> decode(byte[] lp) {
        if (lp.length < HEADER + 1) {
            throw new IllegalArgumentException("listpack shorter than its header");
        }
        long total = (lp[0] & 0xFFL) | (lp[1] & 0xFFL) << 8 | (lp[2] & 0xFFL) << 16 | (lp[3] & 0xFFL) << 24;
        if (total != lp.length) {
            throw new IllegalArgumentException("listpack header says " + total + " bytes, blob has " + lp.length);
        }
        List<byte[]> out = new ArrayList<>();
        int p = HEADER;
        while (true) {
            need(lp, p, 1);
            int b = lp[p] & 0xFF;
            if (b == 0xFF) {
                if (p != lp.length - 1) {
                    throw new IllegalArgumentException("listpack terminator before its end");
                }
                return out;
            }
            int encLen;
            byte[] value;
            if ((b & 0x80) == 0) {
                value = text(b & 0x7F);
                encLen = 1;
            } else if ((b & 0xC0) == 0x80) {
                int len = b & 0x3F;
                value = slice(lp, p + 1, len);
                encLen = 1 + len;
            } else if ((b & 0xE0) == 0xC0) {
                need(lp, p, 2);
                int v = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
                value = text((v << 19) >> 19);
                encLen = 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(lp, p, 2);
                int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
                value = slice(lp, p + 2, len);
                encLen = 2 + len;
            } else if (b == 0xF0) {
                need(lp, p, 5);
                long len = le(lp, p + 1, 4);
                if (len > lp.length) {
                    throw new IllegalArgumentException("listpack string longer than the blob");
                }
                value = slice(lp, p + 5, (int) len);
                encLen = 5 + (int) len;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int width = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                need(lp, p, 1 + width);
                long v = le(lp, p + 1, width);
                int shift = 64 - 8 * width;
                value = text((v << shift) >> shift);
                encLen = 1 + width;
            } else {
                throw new IllegalArgumentException("bad listpack encoding byte 0x" + Integer.toHexString(b));
            }
            int back = encLen <= 127 ? 1 : encLen < 16383 ? 2 : encLen < 2097151 ? 3 : encLen < 268435455 ? 4 : 5;
            p += encLen + back;
            out.add(value);
        }
    }

    private static void need(byte[] lp, int p, int n) {
        if (p + n > lp.length) {
            throw new IllegalArgumentException("listpack element runs past the blob");
        }
    }

    private static byte[] slice(byte[] lp, int from, int len) {
        need(lp, from, len);
        byte[] out = new byte[len];
        System.arraycopy(lp, from, out, 0, len);
        return out;
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static byte[] text(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}

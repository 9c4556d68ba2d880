package io.redraft.store.rdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * RDB's primitive decodings over a stream: tracks the offset (for error messages) and the
 * running CRC-64 of every byte consumed. Reads its own buffer, so the stream need not be buffered.
 */
final class RdbInput {
    /** Strings above this are read in steps, so a corrupt length cannot ask for a huge array up front. */
    private static final int DIRECT_ALLOC_LIMIT = 1 << 20;
    /** Most bytes one LZF input byte can decompress to: a 3-byte back-reference copies 264. */
    private static final long LZF_MAX_EXPANSION = 88;

    private final InputStream in;
    private final String source;
    private final Crc64 crc = new Crc64();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long consumedBeforeBuf;
    private int crcFrom; // position in buf up to which the CRC has been updated

    RdbInput(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    long offset() {
        return consumedBeforeBuf + pos;
    }

    RdbFormatException error(String problem) {
        return new RdbFormatException(source, offset(), problem);
    }

    RdbFormatException error(long at, String problem) {
        return new RdbFormatException(source, at, problem);
    }

    private boolean fill(String what) throws IOException {
        crc.update(buf, crcFrom, pos - crcFrom);
        consumedBeforeBuf += pos;
        pos = 0;
        crcFrom = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            throw error("unexpected end of file while reading " + what + " (file truncated?)");
        }
        limit = n;
        return true;
    }

    int readByte(String what) throws IOException {
        if (pos == limit) {
            fill(what);
        }
        return buf[pos++] & 0xFF;
    }

    void readFully(byte[] b, int off, int len, String what) throws IOException {
        while (len > 0) {
            if (pos == limit) {
                fill(what);
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    byte[] readBytes(long len, String what) throws IOException {
        if (len > Integer.MAX_VALUE - 16) {
            throw error("length " + len + " of " + what + " is too large");
        }
        int n = (int) len;
        if (n <= DIRECT_ALLOC_LIMIT) {
            byte[] b = new byte[n];
            readFully(b, 0, n, what);
            return b;
        }
        byte[] b = new byte[DIRECT_ALLOC_LIMIT];
        int have = 0;
        while (have < n) {
            if (have == b.length) {
                b = java.util.Arrays.copyOf(b, (int) Math.min(n, (long) b.length * 2));
            }
            int step = Math.min(b.length, n) - have;
            readFully(b, have, step, what);
            have += step;
        }
        return b;
    }

    /** The CRC of every byte consumed so far. */
    long crc() {
        crc.update(buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        return crc.value();
    }

    long readLongLE(String what) throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) readByte(what) << (8 * i);
        }
        return v;
    }

    int readIntLE(String what) throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= readByte(what) << (8 * i);
        }
        return v;
    }

    /** A length prefix that must not be one of the special string encodings. */
    long readLength(String what) throws IOException {
        long at = offset();
        int b = readByte(what);
        int kind = (b & 0xC0) >>> 6;
        if (kind == Rdb.ENCVAL) {
            throw error(at, "expected a length for " + what + ", found an encoded value (0x" + Integer.toHexString(b) + ")");
        }
        return lengthRest(b, what, at);
    }

    /**
     * A 64-bit unsigned value in length encoding, all 64 bits kept (Java sees the top half as
     * negative): module type ids, whose first name character sets the top bits (every lowercase
     * letter from 'g' does, as in {@code redisraft}), and module integers.
     */
    long readUnsignedLength(String what) throws IOException {
        long at = offset();
        int b = readByte(what);
        if (b == Rdb.LEN_64BIT) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | readByte(what);
            }
            return v;
        }
        if ((b & 0xC0) >>> 6 == Rdb.ENCVAL) {
            throw error(at, "expected a length for " + what + ", found an encoded value (0x" + Integer.toHexString(b) + ")");
        }
        return lengthRest(b, what, at);
    }

    private long lengthRest(int b, String what, long at) throws IOException {
        int kind = (b & 0xC0) >>> 6;
        if (kind == Rdb.LEN_6BIT) {
            return b & 0x3F;
        }
        if (kind == Rdb.LEN_14BIT) {
            return ((b & 0x3F) << 8) | readByte(what);
        }
        if (b == Rdb.LEN_32BIT) {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | readByte(what);
            }
            return v;
        }
        if (b == Rdb.LEN_64BIT) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | readByte(what);
            }
            if (v < 0) {
                throw error(at, "length of " + what + " overflows");
            }
            return v;
        }
        throw error(at, "unknown length encoding 0x" + Integer.toHexString(b) + " for " + what);
    }

    /** rdbGenericLoadStringObject: a plain, integer-encoded or LZF-compressed string. */
    byte[] readString(String what) throws IOException {
        long at = offset();
        int b = readByte(what);
        if ((b & 0xC0) >>> 6 != Rdb.ENCVAL) {
            return readBytes(lengthRest(b, what, at), what);
        }
        switch (b & 0x3F) {
            case Rdb.ENC_INT8:
                return Long.toString((byte) readByte(what)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case Rdb.ENC_INT16: {
                int v = readByte(what) | (readByte(what) << 8);
                return Long.toString((short) v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            case Rdb.ENC_INT32:
                return Long.toString(readIntLE(what)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case Rdb.ENC_LZF: {
                long clen = readLength("an LZF compressed length");
                long len = readLength("an LZF uncompressed length");
                if (len > Integer.MAX_VALUE - 16) {
                    throw error(at, "uncompressed length " + len + " of " + what + " is too large");
                }
                // The output array is allocated at the declared length, so refuse a length the
                // data cannot reach: LZF expands 3 bytes to 264 at most (a long back-reference),
                // so a 29-byte file declaring 256 MiB no longer allocates it (RESTORE, snapshots).
                if (clen < (len + LZF_MAX_EXPANSION - 1) / LZF_MAX_EXPANSION) {
                    throw error(at, "corrupt LZF string in " + what + ": " + clen + " compressed bytes cannot give " + len);
                }
                byte[] c = readBytes(clen, what);
                try {
                    return Lzf.decompress(c, (int) len);
                } catch (IllegalArgumentException e) {
                    throw error(at, "corrupt LZF string in " + what + ": " + e.getMessage());
                }
            }
            default:
                throw error(at, "unknown string encoding " + (b & 0x3F) + " for " + what);
        }
    }

    double readBinaryDouble(String what) throws IOException {
        return Double.longBitsToDouble(readLongLE(what));
    }

    /** The old text double of ZSET (type 3): length byte, or 253 NaN, 254 +inf, 255 -inf. */
    double readTextDouble(String what) throws IOException {
        long at = offset();
        int len = readByte(what);
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] b = readBytes(len, what);
                try {
                    return Double.parseDouble(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw error(at, "bad double text in " + what);
                }
        }
    }
}

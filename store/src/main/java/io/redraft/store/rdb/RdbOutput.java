package io.redraft.store.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * RDB's primitive encodings over a stream, with the running CRC-64 of everything written. Buffers
 * itself, so the caller may hand over an unbuffered file or channel stream.
 */
final class RdbOutput {
    private final OutputStream out;
    private final Crc64 crc = new Crc64();
    private final Lzf.Compressor lzf = new Lzf.Compressor();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long written;

    /** Redis tries LZF only above 20 bytes (rdbSaveRawString with rdbcompression yes). */
    private static final int LZF_MIN = 20;
    /** Strings from this length on are probed first when {@link #probeCompression} is set. */
    static final int PROBE_FROM = 4096;
    /** The probe: the string's first bytes, which must shrink by a sixteenth to go on. */
    static final int PROBE_BYTES = 1024;

    /**
     * Whether a long string is compressed only when its first {@value #PROBE_BYTES} bytes shrink
     * by a sixteenth. A whole dataset's save sets it: LZF over an incompressible string reads all
     * of it before it gives up, and that was three fifths of a snapshot's time for 16 KB random
     * values (#24). The file stays a valid RDB; only a string whose first kilobyte is random and
     * the rest compressible is stored longer than Redis would store it. DUMP leaves it unset and
     * stays byte-identical to Redis's.
     */
    private final boolean probeCompression;

    RdbOutput(OutputStream out) {
        this(out, false);
    }

    RdbOutput(OutputStream out, boolean probeCompression) {
        this.out = out;
        this.probeCompression = probeCompression;
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                crc.update(b, off, len);
                out.write(b, off, len);
                written += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void drain() throws IOException {
        crc.update(buf, 0, pos);
        out.write(buf, 0, pos);
        written += pos;
        pos = 0;
    }

    /** The checksum of everything written so far (flushes the buffer into it). */
    long crc() throws IOException {
        drain();
        return crc.value();
    }

    long bytesWritten() {
        return written + pos;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Writes 8 bytes little-endian without adding them to the checksum (the trailer). */
    void writeTrailer(long v) throws IOException {
        drain();
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        out.write(b);
        written += 8;
    }

    void writeLongLE(long v) throws IOException {
        for (int i = 0; i < 8; i++) {
            writeByte((int) (v >>> (8 * i)));
        }
    }

    /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. */
    void writeLength(long len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            writeByte((Rdb.LEN_14BIT << 6) | (int) (len >>> 8));
            writeByte((int) len);
        } else if (len <= 0xFFFFFFFFL) {
            writeByte(Rdb.LEN_32BIT);
            for (int i = 3; i >= 0; i--) {
                writeByte((int) (len >>> (8 * i)));
            }
        } else {
            writeByte(Rdb.LEN_64BIT);
            for (int i = 7; i >= 0; i--) {
                writeByte((int) (len >>> (8 * i)));
            }
        }
    }

    /**
     * rdbSaveRawString: a string that is the canonical text of a 32-bit integer (at most 11
     * chars) goes int-encoded as Redis does; one above 20 bytes LZF-compressed when that saves
     * at least 4 bytes; anything else length-prefixed.
     */
    void writeString(byte[] s) throws IOException {
        if (s.length > 0 && s.length <= 11) {
            Long v = canonicalInt(s);
            if (v != null && writeIntEncoded(v)) {
                return;
            }
        }
        if (s.length > LZF_MIN && (!probeCompression || s.length < PROBE_FROM
                || lzf.compressedSize(s, PROBE_BYTES, PROBE_BYTES - PROBE_BYTES / 16) >= 0)) {
            byte[] c = lzf.compress(s, s.length - 4);
            if (c != null) {
                writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_LZF);
                writeLength(c.length);
                writeLength(s.length);
                write(c);
                return;
            }
        }
        writeLength(s.length);
        write(s);
    }

    private boolean writeIntEncoded(long v) throws IOException {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT8);
            writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT16);
            writeByte((int) v);
            writeByte((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_INT32);
            for (int i = 0; i < 4; i++) {
                writeByte((int) (v >>> (8 * i)));
            }
        } else {
            return false;
        }
        return true;
    }

    /** The value if {@code s} is exactly Long.toString of it (no '+', leading zeros or "-0"). */
    static Long canonicalInt(byte[] s) {
        int i = 0;
        boolean neg = s[0] == '-';
        if (neg) {
            i = 1;
            if (s.length == 1) {
                return null;
            }
        }
        if (s[i] == '0' && s.length > i + 1) {
            return null;
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            v = v * 10 + d; // at most 11 chars: no overflow
        }
        if (neg && v == 0) {
            return null;
        }
        return neg ? -v : v;
    }

    /** Binary double, little-endian (ZSET_2 scores). */
    void writeDouble(double d) throws IOException {
        writeLongLE(Double.doubleToRawLongBits(d));
    }
}

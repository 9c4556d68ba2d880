package io.redraft.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable in-memory {@link OutputBuffer}, for tests and for building replies off-line. */
public final class ByteArrayOutput implements OutputBuffer {
    private byte[] buf;
    private int size;

    public ByteArrayOutput() {
        this(64);
    }

    public ByteArrayOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void writeBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }

    /** The bytes as ISO-8859-1 text, so every byte maps to one char (handy in assertions). */
    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.ISO_8859_1);
    }
}

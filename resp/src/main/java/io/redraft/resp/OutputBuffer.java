package io.redraft.resp;

/**
 * A byte sink the reply encoder writes to. The server adapts it to a Netty {@code ByteBuf};
 * tests use {@link ByteArrayOutput}. Kept minimal so an adapter is a few lines.
 */
public interface OutputBuffer {
    void writeByte(int b);

    void writeBytes(byte[] src, int off, int len);

    default void writeBytes(byte[] src) {
        writeBytes(src, 0, src.length);
    }
}

package io.redraft.server.net;

import io.netty.buffer.ByteBuf;
import io.redraft.resp.OutputBuffer;

/** Lets the reply encoder write straight into a connection's outgoing Netty buffer. */
public final class ByteBufOutput implements OutputBuffer {
    private ByteBuf buf;

    public void target(ByteBuf buf) {
        this.buf = buf;
    }

    @Override
    public void writeByte(int b) {
        buf.writeByte(b);
    }

    @Override
    public void writeBytes(byte[] src, int off, int len) {
        buf.writeBytes(src, off, len);
    }
}

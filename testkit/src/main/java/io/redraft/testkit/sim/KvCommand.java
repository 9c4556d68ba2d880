package io.redraft.testkit.sim;

import io.redraft.testkit.lin.OpKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A client write as carried in a NORMAL entry's data. {@code opId} lets the node that proposed it
 * find the waiting client when the entry is applied.
 */
record KvCommand(long opId, OpKind kind, String key, String value) {
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(opId);
            out.writeByte(kind.ordinal());
            out.writeUTF(key);
            out.writeUTF(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KvCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            return new KvCommand(in.readLong(), OpKind.values()[in.readByte()], in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

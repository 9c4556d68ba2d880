package io.redraft.testkit.sim;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.SnapshotMeta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot bytes of a simulated node: what the snapshot covers (index, term, configuration, as a
 * real snapshot file carries them) followed by the key-value state.
 */
final class SnapshotCodec {
    private SnapshotCodec() {}

    static byte[] encode(SnapshotMeta meta, byte[] kv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(meta.lastIndex());
            out.writeLong(meta.lastTerm());
            List<ClusterConfig.Member> members = meta.config().members();
            out.writeInt(members.size());
            for (ClusterConfig.Member m : members) {
                out.writeInt(m.id());
                out.writeUTF(m.address());
                out.writeBoolean(m.voting());
            }
            List<Integer> removed = meta.config().removedIds();
            out.writeInt(removed.size());
            for (int id : removed) out.writeInt(id);
            out.writeInt(kv.length);
            out.write(kv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SnapshotMeta meta(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            long index = in.readLong();
            long term = in.readLong();
            int n = in.readInt();
            List<ClusterConfig.Member> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) members.add(new ClusterConfig.Member(in.readInt(), in.readUTF(), in.readBoolean()));
            int r = in.readInt();
            List<Integer> removed = new ArrayList<>(r);
            for (int i = 0; i < r; i++) removed.add(in.readInt());
            return new SnapshotMeta(index, term, new ClusterConfig(members, removed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] kvBytes(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            in.readLong();
            in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                in.readInt();
                in.readUTF();
                in.readBoolean();
            }
            int r = in.readInt();
            for (int i = 0; i < r; i++) in.readInt();
            return in.readNBytes(in.readInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

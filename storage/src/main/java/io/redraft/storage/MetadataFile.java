package io.redraft.storage;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .meta} file. Always replaced whole: write {@code .meta.tmp}, fsync it, rename it over
 * {@code .meta}, fsync the directory, so a crash leaves either the old or the new contents.
 *
 * <pre>
 * magic "RDRFTMET" | u32 version | dbid[32] | u32 node id | u64 term | u32 voted for | u64 commit
 * | u64 snapshot last index | u64 snapshot last term | u32 member count, each: u32 id, u8 voting,
 *   u16 address length, address (UTF-8)
 * | u64 snapshot size | u32 snapshot crc32c | u16 pending snapshot name length, name (UTF-8)
 * | u32 crc32c of everything before
 * </pre>
 */
final class MetadataFile {
    static final byte[] MAGIC = "RDRFTMET".getBytes(StandardCharsets.US_ASCII);

    private final FileSystem fs;
    private final FileNames names;

    MetadataFile(FileSystem fs, FileNames names) {
        this.fs = fs;
        this.names = names;
    }

    boolean exists() throws IOException {
        return fs.exists(names.meta());
    }

    void write(Metadata m) throws IOException {
        ByteBuffer b = encode(m);
        try (StorageFile f = fs.open(names.metaTemp())) {
            f.truncate(0);
            f.write(b, 0);
            f.force();
        }
        fs.rename(names.metaTemp(), names.meta());
        fs.syncDirectory();
    }

    Metadata read() throws IOException {
        ByteBuffer b;
        try (StorageFile f = fs.open(names.meta())) {
            b = f.readUpTo(0, Math.toIntExact(f.size()));
        }
        String where = fs.describe(names.meta());
        if (b.remaining() < MAGIC.length + 8 || !b.slice(0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new StorageCorruptedException(where, 0, "not a Redraft metadata file (bad magic)");
        }
        int end = b.limit() - 4;
        if (RecordCodec.crc(b, 0, end) != b.getInt(end)) {
            throw new StorageCorruptedException(where, end, "metadata CRC mismatch");
        }
        try {
            return decode(b.limit(end).position(MAGIC.length));
        } catch (RuntimeException e) {
            throw new StorageCorruptedException(where, b.position(), "metadata does not parse: " + e);
        }
    }

    private static ByteBuffer encode(Metadata m) {
        byte[] pending = m.pendingSnapshot() == null ? new byte[0] : m.pendingSnapshot().getBytes(StandardCharsets.UTF_8);
        List<byte[]> addresses = new ArrayList<>();
        int size = MAGIC.length + 4 + 32 + 4 + 8 + 4 + 8 + 8 + 8 + 4 + 8 + 4 + 2 + pending.length + 4;
        for (ClusterConfig.Member member : m.snapshot().config().members()) {
            byte[] a = member.address().getBytes(StandardCharsets.UTF_8);
            addresses.add(a);
            size += 4 + 1 + 2 + a.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).putInt(RecordCodec.VERSION).put(m.dbid().getBytes(StandardCharsets.US_ASCII)).putInt(m.nodeId());
        HardState hs = m.hardState();
        b.putLong(hs.term()).putInt(hs.votedFor()).putLong(hs.commit());
        SnapshotMeta s = m.snapshot();
        b.putLong(s.lastIndex()).putLong(s.lastTerm()).putInt(s.config().members().size());
        for (int i = 0; i < addresses.size(); i++) {
            ClusterConfig.Member member = s.config().members().get(i);
            b.putInt(member.id()).put((byte) (member.voting() ? 1 : 0)).putShort((short) addresses.get(i).length).put(addresses.get(i));
        }
        b.putLong(m.snapshotSize()).putInt(m.snapshotCrc()).putShort((short) pending.length).put(pending);
        b.putInt(RecordCodec.crc(b, 0, b.position()));
        return b.flip();
    }

    private static Metadata decode(ByteBuffer b) {
        int version = b.getInt();
        if (version != RecordCodec.VERSION) throw new IllegalStateException("unsupported version " + version);
        byte[] dbid = new byte[RecordCodec.DBID_LENGTH];
        b.get(dbid);
        int nodeId = b.getInt();
        HardState hs = new HardState(b.getLong(), b.getInt(), b.getLong());
        long lastIndex = b.getLong();
        long lastTerm = b.getLong();
        int members = b.getInt();
        List<ClusterConfig.Member> list = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            int id = b.getInt();
            boolean voting = b.get() != 0;
            byte[] addr = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(addr);
            list.add(new ClusterConfig.Member(id, new String(addr, StandardCharsets.UTF_8), voting));
        }
        long snapshotSize = b.getLong();
        int snapshotCrc = b.getInt();
        byte[] pending = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(pending);
        if (b.hasRemaining()) throw new IllegalStateException(b.remaining() + " trailing bytes");
        return new Metadata(new String(dbid, StandardCharsets.US_ASCII), nodeId, hs,
                new SnapshotMeta(lastIndex, lastTerm, new ClusterConfig(list)), snapshotSize, snapshotCrc,
                pending.length == 0 ? null : new String(pending, StandardCharsets.UTF_8));
    }
}

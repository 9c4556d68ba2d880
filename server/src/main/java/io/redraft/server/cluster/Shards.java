package io.redraft.server.cluster;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.resp.OutputBuffer;
import io.redraft.resp.RespWriter;
import io.redraft.server.node.ClientSession;
import io.redraft.server.shard.ImportParts;
import io.redraft.server.shard.KeyBatch;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupError;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.SlotConfig;
import io.redraft.server.shard.SlotRange;
import io.redraft.store.Bytes;
import io.redraft.store.ExecContext;
import io.redraft.store.HashSlot;
import io.redraft.store.dump.DumpCommands;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The sharding part of the replicated state (reference §9): the shard map, the keys locked by a
 * migration at its source, and per importing slot the highest source term an import came with.
 * Built from {@code raft.slot-config} when the node gets its cluster identity, changed only by
 * applying shard entries (101-106), carried in snapshots, so every node of a group holds the same
 * state at the same applied index. Node thread only.
 */
public final class Shards {
    /** Marks a snapshot blob that carries locks or import terms besides the map. */
    private static final byte[] MAGIC = "RDSH".getBytes(StandardCharsets.US_ASCII);

    private final RaftRuntime rt;
    private ShardMap map;
    /** Whether an entry ever changed the map: a snapshot then carries it, else the configuration rebuilds it. */
    private boolean changed;
    private final Set<Bytes> locked = new HashSet<>();
    /** Importing slot → the highest term of a source leader an import was accepted from. */
    private final Map<Integer, Long> importTerms = new TreeMap<>();
    /** Big keys arriving in parts (issue #16). */
    private final ImportParts parts = new ImportParts();

    /** This node runs a MIGRATE (one at a time, as RedisRaft); local, not replicated. */
    private boolean migrationRunning;
    /** Keys this group deleted after moving them away, and keys it imported, since the node started (applied entries). */
    private long keysMovedOut, keysImported;

    Shards(RaftRuntime rt) {
        this.rt = rt;
    }

    /**
     * A shard-map change (RAFT.SHARDGROUP ADD / REPLACE / LINK, or a linked group's refresh):
     * {@code s}, if any, is answered once it is applied.
     */
    void proposeChange(EntryType type, byte[] data, ClientSession s) {
        if (s == null) {
            propose(type, data, err -> { });
            return;
        }
        var node = rt.node();
        propose(type, data, err -> {
            if (err == null) node.sink(s).status("OK");
            else node.sink(s).error(err);
            node.complete(s);
        });
        node.block(s);
    }

    /**
     * Appends a shard-map or migration entry; {@code applied} runs once it is applied here (null,
     * or the error it was applied with) or once it is known never to be.
     */
    void propose(EntryType type, byte[] data, Consumer<String> applied) {
        long index = rt.core().propose(type, data);
        rt.proposals().shardEntry(index, rt.core().term(), applied);
    }

    /** The applied map; null before the node has a cluster identity. */
    public ShardMap map() {
        if (map == null && !rt.dbid().isEmpty()) reset(rt.dbid());
        return map;
    }

    /** Whether slot checks apply (RedisRaft: as soon as the map is more than the whole local group). */
    public boolean active() {
        ShardMap m = map();
        return m != null && m.sharding();
    }

    public boolean migrationRunning() {
        return migrationRunning;
    }

    public void migrationRunning(boolean running) {
        migrationRunning = running;
    }

    /** Keys locked for a migration in progress. */
    public int lockedKeyCount() {
        return locked.size();
    }

    public long keysMovedOut() {
        return keysMovedOut;
    }

    public long keysImported() {
        return keysImported;
    }

    public boolean hasLockedKeys() {
        return !locked.isEmpty();
    }

    public boolean isLocked(byte[] key) {
        return !locked.isEmpty() && locked.contains(Bytes.wrap(key));
    }

    /** The map of a cluster that has never applied a shard entry: the local group with {@code raft.slot-config}. */
    void reset(String dbid) {
        List<SlotRange> ranges = SlotConfig.parse(rt.config().slotConfig());
        map = ShardMap.initial(dbid, ranges == null ? List.of() : ranges);
        changed = false;
        locked.clear();
        importTerms.clear();
        parts.clear();
    }

    /** A snapshot's state (empty: no shard entry was ever applied, so the configuration's map). */
    void restore(byte[] blob) {
        reset(rt.dbid());
        if (blob == null || blob.length == 0) return;
        if (!startsWithMagic(blob)) { // the map alone
            map = ShardMap.decode(blob);
            changed = true;
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob, MAGIC.length, blob.length))) {
            byte[] m = in.readNBytes(in.readInt());
            if (m.length > 0) {
                map = ShardMap.decode(m);
                changed = true;
            }
            for (int n = in.readInt(); n > 0; n--) locked.add(Bytes.wrap(in.readNBytes(in.readInt())));
            for (int n = in.readInt(); n > 0; n--) importTerms.put(in.readInt(), in.readLong());
            if (in.available() > 0) parts.read(in); // absent in snapshots taken before big keys moved in parts
        } catch (IOException e) {
            throw new IllegalArgumentException("shard state: truncated", e);
        }
    }

    private static boolean startsWithMagic(byte[] blob) {
        return blob.length >= MAGIC.length && Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** What a snapshot taken now carries: the map alone, or with locks and import terms when there are any. */
    public byte[] snapshotData() {
        byte[] m = changed && map != null ? map.encode() : new byte[0];
        if (locked.isEmpty() && importTerms.isEmpty() && parts.isEmpty()) return m;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(m.length);
            out.write(m);
            List<Bytes> keys = new ArrayList<>(locked);
            keys.sort(null);
            out.writeInt(keys.size());
            for (Bytes k : keys) {
                out.writeInt(k.array().length);
                out.write(k.array());
            }
            out.writeInt(importTerms.size());
            for (var e : importTerms.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
            parts.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Applies a shard entry. The leader validated it before proposing; a change that became invalid
     * since (another change applied first) changes nothing and is answered with the reason.
     *
     * @return null when applied, else the error reply (without '-')
     */
    String apply(Entry e) {
        try {
            return switch (e.type()) {
                case ADD_SHARDGROUP, UPDATE_SHARDGROUP, REPLACE_SHARDGROUPS -> applyMapChange(e);
                case LOCK_KEYS -> {
                    for (byte[] k : KeyBatch.decode(e.data()).keys()) locked.add(Bytes.wrap(k));
                    yield null;
                }
                case DELETE_UNLOCK_KEYS -> {
                    KeyBatch b = KeyBatch.decode(e.data());
                    for (byte[] k : b.keys()) {
                        if (b.term() != KeyBatch.KEEP) run(b.nowMillis(), "DEL".getBytes(StandardCharsets.US_ASCII), k);
                        locked.remove(Bytes.wrap(k));
                    }
                    if (b.term() != KeyBatch.KEEP) keysMovedOut += b.keys().size(); // else refused: unlocked, kept
                    yield null;
                }
                case IMPORT_KEYS -> importKeys(KeyBatch.decode(e.data()));
                default -> throw new IllegalArgumentException("not a shard entry: " + e.type());
            };
        } catch (IllegalArgumentException bad) {
            return "ERR Invalid ShardGroup Update";
        }
    }

    private String applyMapChange(Entry e) {
        ShardMap m = map();
        try {
            List<ShardGroup> groups = ShardMap.decodeGroups(e.data());
            map = switch (e.type()) {
                case ADD_SHARDGROUP -> m.add(single(groups));
                case UPDATE_SHARDGROUP -> m.updateNodes(single(groups));
                default -> m.replace(groups);
            };
            changed = true;
            parts.retain(slot -> map.importingGroup(slot) != null && map.importingGroup(slot).id().equals(map.localId()));
            return null;
        } catch (ShardGroupError err) {
            return e.type() == EntryType.REPLACE_SHARDGROUPS ? err.getMessage() : "ERR Invalid ShardGroup Update";
        }
    }

    /**
     * Why an import batch cannot be applied now, or null (reference §9.5): every key's slot must be
     * importing here under this migration's session key, and the batch must not come from a source
     * leader older than one already heard from for that slot (a deposed leader's retry).
     */
    public String importRefusal(long term, long sessionKey, List<byte[]> keys) {
        ShardMap m = map();
        for (byte[] k : keys) {
            int slot = HashSlot.of(k);
            ShardGroup importer = m.importingGroup(slot);
            if (importer == null || !importer.id().equals(m.localId())) return "ERR not an importing slot";
            SlotRange range = importer.ranges().stream()
                    .filter(r -> r.type() == SlotRange.Type.IMPORTING && r.contains(slot)).findFirst().orElseThrow();
            if (range.sessionKey() != sessionKey) return "ERR invalid migration_session_key";
            if (term < importTerms.getOrDefault(slot, 0L)) return "ERR invalid term";
        }
        return null;
    }

    private String importKeys(KeyBatch b) {
        String refusal = importRefusal(b.term(), b.sessionKey(), b.keys());
        if (refusal != null) return refusal;
        if (b.isPart()) return importPart(b);
        Map<Integer, Long> seen = new HashMap<>();
        for (int i = 0; i < b.keys().size(); i++) {
            byte[] key = b.keys().get(i);
            seen.put(HashSlot.of(key), b.term());
            long expiry = b.expiries().get(i);
            run(b.nowMillis(), "RESTORE".getBytes(StandardCharsets.US_ASCII), key,
                    Long.toString(expiry).getBytes(StandardCharsets.US_ASCII), b.dumps().get(i),
                    "REPLACE".getBytes(StandardCharsets.US_ASCII), "ABSTTL".getBytes(StandardCharsets.US_ASCII));
        }
        importTerms.putAll(seen);
        keysImported += b.keys().size();
        return null;
    }

    private String importPart(KeyBatch b) {
        byte[] whole;
        try {
            whole = parts.add(b);
        } catch (ShardGroupError e) {
            return e.getMessage();
        }
        if (whole == null) return null;
        if (!DumpCommands.validPayload(whole)) return "ERR DUMP payload version or checksum are wrong";
        byte[] key = b.keys().get(0);
        run(b.nowMillis(), "RESTORE".getBytes(StandardCharsets.US_ASCII), key,
                Long.toString(b.expiries().get(0)).getBytes(StandardCharsets.US_ASCII), whole,
                "REPLACE".getBytes(StandardCharsets.US_ASCII), "ABSTTL".getBytes(StandardCharsets.US_ASCII));
        importTerms.put(HashSlot.of(key), b.term());
        keysImported++;
        return null;
    }

    /** A store command run at apply, with the entry's time; its reply is nobody's. */
    private void run(long now, byte[]... argv) {
        rt.store().execute(Arrays.asList(argv), new ExecContext(now, 0, 2), new RespWriter(new OutputBuffer() {
            @Override
            public void writeByte(int b) { }

            @Override
            public void writeBytes(byte[] src, int off, int len) { }
        }, 2));
    }

    private static ShardGroup single(List<ShardGroup> groups) {
        if (groups.size() != 1) throw new IllegalArgumentException("one group expected");
        return groups.get(0);
    }
}

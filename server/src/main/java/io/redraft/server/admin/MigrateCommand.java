package io.redraft.server.admin;

import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Replies;
import io.redraft.server.shard.ImportBatches;
import io.redraft.server.shard.ImportRequest;
import io.redraft.server.shard.KeyBatch;
import io.redraft.server.shard.MigrateRequest;
import io.redraft.server.shard.RemoteCall;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupError;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.SlotRange;
import io.redraft.store.Bytes;
import io.redraft.store.HashSlot;
import io.redraft.store.RedisObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * {@code MIGRATE host port "" db timeout [AUTH ...] KEYS k...} on the source group's leader
 * (reference §9.5): the keys are locked through the log (writes to them get {@code -TRYAGAIN} from
 * then on, at apply too), dumped, sent with {@code RAFT.IMPORT} to the group importing their slot,
 * and once that group has applied them, deleted and unlocked through the log. A step that fails
 * leaves the keys locked and the client is told to try again: MIGRATE of the same keys resumes
 * (the import replaces), so a key's history is never split between two groups. Node thread only.
 */
public final class MigrateCommand {
    private static final Logger log = LogSetup.raft("migrate");

    private final RaftRuntime rt;
    private final ClientSession s;
    private final List<byte[]> keys;
    private final ShardGroup target;
    private final long sessionKey;
    /** The commands that carry the keys, made as they are sent. */
    private ImportBatches batches;

    private MigrateCommand(RaftRuntime rt, ClientSession s, List<byte[]> keys, ShardGroup target, long sessionKey) {
        this.rt = rt;
        this.s = s;
        this.keys = keys;
        this.target = target;
        this.sessionKey = sessionKey;
    }

    public static void run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        MigrateRequest req;
        try {
            req = MigrateRequest.parse(argv);
        } catch (ShardGroupError e) {
            out.error(e.arity ? Replies.arity("migrate") : e.getMessage());
            return;
        }
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err == null) err = check(rt, req.keys());
        if (err == null && rt.shards().migrationRunning()) err = "ERR RedisRaft only supports one concurrent migration currently";
        if (err != null) {
            out.error(err);
            return;
        }
        ShardMap map = rt.shards().map();
        int slot = HashSlot.of(req.keys().get(0));
        ShardGroup target = map.importingGroup(slot);
        long sessionKey = map.local().ranges().stream()
                .filter(r -> r.type() == SlotRange.Type.MIGRATING && r.contains(slot))
                .mapToLong(SlotRange::sessionKey).findFirst().orElse(-1);
        if (sessionKey < 0) {
            out.error("ERR failed to retrieve migration session key");
            return;
        }
        new MigrateCommand(rt, s, req.keys(), target, sessionKey).lock();
    }

    /** RedisRaft's checks before anything is logged. */
    private static String check(RaftRuntime rt, List<byte[]> keys) {
        ShardMap map = rt.shards().map();
        int slot = HashSlot.of(keys.get(0));
        for (byte[] k : keys) {
            if (HashSlot.of(k) != slot && !sameMove(map, slot, HashSlot.of(k))) {
                return "CROSSSLOT Keys in request don't hash to the same slot";
            }
        }
        ShardGroup owner = map.stableOwner(slot) != null ? map.stableOwner(slot) : map.migratingGroup(slot);
        if (owner == null || !owner.id().equals(map.localId())) return "ERR This RedisRaft cluster doesn't own these keys";
        ShardGroup importer = map.importingGroup(slot);
        if (importer == null) return "ERR no RedisRaft cluster to import keys into";
        if (importer.id().equals(map.localId())) return "ERR trying to import keys into self RedisCluster";
        if (importer.nodes().isEmpty()) return "ERR couldn't resolve shardgroup id";
        return null;
    }

    /**
     * Redraft's one extension of MIGRATE: keys of several slots in one call when every slot is
     * leaving this group for the same group under the same migration session (one move of the
     * orchestrator), so a batch is not limited to one slot's keys. Otherwise CROSSSLOT, as RedisRaft.
     */
    private static boolean sameMove(ShardMap map, int first, int other) {
        ShardGroup a = map.importingGroup(first);
        ShardGroup b = map.importingGroup(other);
        ShardGroup m = map.migratingGroup(other);
        return a != null && b != null && a.id().equals(b.id()) && m != null && m.id().equals(map.localId())
                && session(map, first) == session(map, other) && session(map, first) >= 0;
    }

    private static long session(ShardMap map, int slot) {
        return map.local().ranges().stream()
                .filter(r -> r.type() == SlotRange.Type.MIGRATING && r.contains(slot))
                .mapToLong(SlotRange::sessionKey).findFirst().orElse(-1);
    }

    private void lock() {
        rt.shards().migrationRunning(true);
        rt.node().block(s);
        propose(EntryType.LOCK_KEYS, KeyBatch.keysOnly(rt.clock().millis(), keys), err -> {
            if (err != null) finish(err);
            else send();
        });
    }

    /** The keys are locked on every node: nothing changes them now; dump them and send them. */
    private void send() {
        long now = rt.clock().millis();
        List<ImportBatches.Key> present = new ArrayList<>();
        for (byte[] k : keys) {
            RedisObject v = rt.store().keyspace().peek(Bytes.wrap(k), now);
            if (v == null) continue;
            present.add(new ImportBatches.Key(k, v, v.expireAt() == RedisObject.NO_EXPIRE ? 0L : v.expireAt()));
        }
        if (present.isEmpty()) { // nothing to move: unlock, and answer as RedisRaft does
            unlock(true);
            return;
        }
        String debug = rt.config().migrationDebug();
        if (debug.equals("fail-connect")) {
            finish("ERR failed to connect to cluster for migrate, please check logs");
            return;
        }
        // Each command's payload is made when it is sent (a big key's part by part), not all first.
        batches = new ImportBatches(rt.core().term(), sessionKey, present, rt.config().migrationBatchSize());
        sendFrom(0, present.size());
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Sends the batches one after the other, each once the previous one was applied at the target. */
    private void sendFrom(int i, int keyCount) {
        byte[][] command;
        try {
            command = batches.next();
        } catch (RuntimeException e) {
            log.warn("Migration of {} keys to {}: dump failed", keyCount, target.id(), e);
            finish("ERR failed to dump keys for migrate, please check logs");
            return;
        }
        if (command == null) {
            unlock(false);
            return;
        }
        if (i == 0 && rt.config().migrationDebug().equals("fail-import")) command[1] = "x".getBytes(); // the target refuses an unparsable term
        boolean laterPart = command.length == 10 && text(command[7]).equals(ImportRequest.PART_MARK) && !text(command[8]).equals("0");
        if (laterPart && rt.config().migrationDebug().equals("fail-part")) {
            finish("ERR connection dropped importing keys into remote cluster, try again");
            return;
        }
        RemoteCall.start(rt.peers(), target.nodes().get(0), command, rt.config().joinTimeoutMs(), reply -> {
            if (reply instanceof RemoteCall.Failed f) {
                log.warn("Migration of {} keys to {}: {}", keyCount, target.id(), f.why());
                finish("ERR connection dropped importing keys into remote cluster, try again");
            } else if (reply instanceof ReplyDecoder.RespError e && i == 0 && definitive(e.message())) {
                // Nothing of this MIGRATE reached the target: the keys are the source's alone again.
                keep("ERR RAFT.IMPORT failed: " + e.message());
            } else if (reply instanceof ReplyDecoder.RespError e) {
                finish("ERR RAFT.IMPORT failed: " + e.message());
            } else {
                sendFrom(i + 1, keyCount);
            }
        });
    }

    /**
     * Refusals the target also makes when the entry applies, so this batch changed nothing there:
     * the group is not importing the slot under this migration, or this leader is deposed.
     */
    static boolean definitive(String error) {
        return error.startsWith("ERR not an importing slot") || error.startsWith("ERR invalid migration_session_key")
                || error.startsWith("ERR invalid term");
    }

    /** The import was refused for good: unlock the keys and keep them, and report the refusal. */
    private void keep(String err) {
        propose(EntryType.DELETE_UNLOCK_KEYS, KeyBatch.unlockOnly(rt.clock().millis(), keys), e -> finish(err));
    }

    private void unlock(boolean nothingMoved) {
        if (rt.config().migrationDebug().equals("fail-unlock")) {
            finish("ERR Unable to unlock/delete migrated keys, try again");
            return;
        }
        propose(EntryType.DELETE_UNLOCK_KEYS, KeyBatch.keysOnly(rt.clock().millis(), keys), err -> {
            if (err != null) finish("ERR Unable to unlock/delete migrated keys, try again (" + err + ")");
            else if (nothingMoved) finishBulkOk();
            else finish(null);
        });
    }

    private void propose(EntryType type, KeyBatch batch, Consumer<String> applied) {
        try {
            if (rt.core() == null || !rt.core().isLeader()) throw new RaftException(io.redraft.raft.RaftError.NOT_LEADER);
            rt.proposeShardEntry(type, batch.encode(), applied);
        } catch (RaftException e) {
            finish(RaftRuntime.err(e));
        }
    }

    private void finish(String err) {
        if (batches != null) batches.close();
        rt.shards().migrationRunning(false);
        ReplySink out = rt.node().sink(s);
        if (err == null) out.status("OK");
        else out.error(err);
        rt.node().complete(s);
    }

    private void finishBulkOk() {
        if (batches != null) batches.close();
        rt.shards().migrationRunning(false);
        rt.node().sink(s).bulk("OK".getBytes());
        rt.node().complete(s);
    }
}

package io.redraft.server.admin;

import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.server.shard.ImportRequest;
import io.redraft.server.shard.KeyBatch;
import io.redraft.server.shard.ShardGroupError;
import io.redraft.store.Bytes;
import io.redraft.store.HashSlot;
import io.redraft.store.dump.DumpCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The target side of a migration and the source's key listing (reference §9.5): RAFT.IMPORT logs a
 * batch of dumped keys, applied on every node of the importing group if it still imports their
 * slot under the same migration and the source's term is not older than one already seen;
 * RAFT.SCAN pages through the keys of some slots, {@code raft.scan-size} keys at a time.
 */
final class ImportCommand {
    private ImportCommand() {}

    static void importKeys(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        ImportRequest req;
        try {
            req = ImportRequest.parse(argv);
        } catch (ShardGroupError e) {
            out.error(e.arity ? "ERR wrong number of arguments for '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' command" : e.getMessage());
            return;
        }
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err == null) err = rt.shards().importRefusal(req.term(), req.sessionKey(), req.keys());
        // A part's bytes are checked once whole, when the last part applies.
        if (err == null && !req.isPart() && !req.dumps().stream().allMatch(DumpCommands::validPayload)) {
            err = "ERR DUMP payload version or checksum are wrong";
        }
        if (err != null) {
            out.error(err);
            return;
        }
        KeyBatch batch = new KeyBatch(rt.clock().millis(), req.term(), req.sessionKey(), req.keys(), req.dumps(),
                req.expiries(), req.offset(), req.total());
        try {
            rt.proposeShardChange(EntryType.IMPORT_KEYS, batch.encode(), s);
        } catch (RaftException e) {
            out.error(RaftRuntime.err(e));
        }
    }

    /** {@code RAFT.SCAN <cursor> <slots>}: {@code *2} of the next cursor and {@code [key, slot]} pairs. */
    static void scan(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (argv.length < 3) {
            out.error("ERR wrong number of arguments for '" + new String(argv[0], StandardCharsets.UTF_8) + "' command");
            return;
        }
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err != null) {
            out.error(err);
            return;
        }
        BitSet slots = parseSlots(new String(argv[2], StandardCharsets.ISO_8859_1));
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(new String(argv[1], StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            out.error("ERR invalid cursor");
            return;
        }
        if (slots == null) {
            out.error("ERR couldn't parse slots");
            return;
        }
        List<Bytes> found = new ArrayList<>();
        long limit = rt.config().scanSize();
        long now = rt.clock().millis();
        long next = cursor;
        do {
            // Skip the slots not asked for without visiting their keys.
            int slot = (int) (next >>> 32);
            if (slot >= HashSlot.SLOTS) break;
            if (!slots.get(slot)) {
                int wanted = slots.nextSetBit(slot);
                if (wanted < 0) {
                    next = 0;
                    break;
                }
                next = (long) wanted << 32;
            }
            next = rt.store().keyspace().scan(next, limit - found.size(), now, k -> {
                if (slots.get(HashSlot.of(k.array()))) found.add(k);
            });
        } while (next != 0 && found.size() < limit);
        out.arrayHeader(2);
        out.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
        out.arrayHeader(found.size());
        for (Bytes k : found) {
            out.arrayHeader(2);
            out.bulk(k.array());
            out.integer(HashSlot.of(k.array()));
        }
    }

    /** {@code a-b,c,...}, or null. */
    static BitSet parseSlots(String text) {
        BitSet slots = new BitSet(HashSlot.SLOTS);
        for (String part : text.split(",", -1)) {
            String[] ends = part.split("-", -1);
            try {
                int lo = Integer.parseInt(ends[0]);
                int hi = ends.length == 2 ? Integer.parseInt(ends[1]) : lo;
                if (ends.length > 2 || lo < 0 || hi >= HashSlot.SLOTS || lo > hi) return null;
                slots.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return slots;
    }
}

package io.redraft.store.hll;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.RedisObject;
import io.redraft.store.string.StringValue;

/**
 * PFADD, PFCOUNT, PFMERGE (Redis 7.0 hyperloglog.c). The HLL is an ordinary string value whose
 * bytes are Redis's, so GET, DUMP and APPEND see exactly what Redis would.
 *
 * <p>PFCOUNT on one key stores the computed cardinality in the header when the cache is stale,
 * so it changes the value (Redis propagates it as a write). Reads here are served outside the
 * log and must never mutate, so PFCOUNT is declared a write and goes through the log.
 */
public final class HllCommands {
    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    static final String CORRUPT = "INVALIDOBJ Corrupted HLL object detected";

    private HllCommands() {
    }

    public static void register(CommandTable t) {
        t.add("pfadd", -2, "write denyoom fast", 1, 1, 1, HllCommands::pfadd);
        t.add("pfcount", -2, "write", 1, -1, 1, HllCommands::pfcount);
        t.add("pfmerge", -2, "write denyoom", 1, -1, 1, HllCommands::pfmerge);
    }

    /** isHLLObjectOrReply: WRONGTYPE for other types and for strings that are not an HLL. */
    private static Hll hllOf(RedisObject o) {
        if (!(o instanceof StringValue s) || !Hll.isValid(s.bytes())
                || s.encoding().equals("int")) {
            throw new CommandError(o instanceof StringValue ? NOT_HLL : io.redraft.store.Errors.WRONGTYPE);
        }
        return new Hll(s.bytes());
    }

    /** Stores the edited HLL; like dbUnshareStringValue the value becomes raw and keeps its TTL. */
    private static void store(Call c, Bytes key, Hll h, RedisObject old) {
        c.ks().putKeepTtl(key, new StringValue(h.bytes(), StringValue.Origin.RAW), old);
    }

    static void pfadd(Call c) {
        Bytes key = c.key(1);
        RedisObject old = c.ks().getForWrite(key, c.now());
        Hll h;
        int updated = 0;
        if (old == null) {
            h = Hll.empty();
            updated++;
        } else {
            h = hllOf(old);
        }
        for (int j = 2; j < c.argc(); j++) {
            int r = h.add(c.arg(j));
            if (r == 1) {
                updated++;
            } else if (r < 0) {
                // Redis has already changed the value in place (and created the key) here.
                store(c, key, h, old);
                throw new CommandError(CORRUPT);
            }
        }
        if (updated > 0) {
            h.invalidateCache();
        }
        if (updated > 0 || !isRaw(old)) {
            store(c, key, h, old);
        }
        if (updated > 0) {
            c.notify(NotifyFlags.STRING, "pfadd", key);
        }
        c.out().integer(updated > 0 ? 1 : 0);
    }

    private static boolean isRaw(RedisObject o) {
        return o instanceof StringValue s && s.origin() == StringValue.Origin.RAW;
    }

    static void pfcount(Call c) {
        if (c.argc() > 2) {
            byte[] max = new byte[Hll.REGISTERS];
            for (int j = 1; j < c.argc(); j++) {
                RedisObject o = c.ks().get(c.key(j), c.now());
                if (o == null) {
                    continue;
                }
                if (!hllOf(o).mergeInto(max)) {
                    throw new CommandError(CORRUPT);
                }
            }
            c.out().integer(Hll.countRaw(max));
            return;
        }
        Bytes key = c.key(1);
        RedisObject old = c.ks().getForWrite(key, c.now());
        if (old == null) {
            c.ks().notifyMiss(key); // Redis reads the key with lookupKeyRead
            c.out().integer(0);
            return;
        }
        Hll h = hllOf(old);
        boolean stale = !h.cacheValid();
        long card;
        if (stale) {
            card = h.count();
            if (card < 0) {
                if (!isRaw(old)) {
                    store(c, key, h, old);
                }
                throw new CommandError(CORRUPT);
            }
            h.setCachedCard(card);
        } else {
            card = h.cachedCard();
        }
        if (stale || !isRaw(old)) {
            store(c, key, h, old);
        }
        c.out().integer(card);
    }

    static void pfmerge(Call c) {
        byte[] max = new byte[Hll.REGISTERS];
        boolean dense = false;
        for (int j = 1; j < c.argc(); j++) {
            RedisObject o = c.ks().get(c.key(j), c.now());
            if (o == null) {
                continue;
            }
            Hll h = hllOf(o);
            if (h.encoding() == Hll.DENSE) {
                dense = true;
            }
            if (!h.mergeInto(max)) {
                throw new CommandError(CORRUPT);
            }
        }
        Bytes key = c.key(1);
        RedisObject old = c.ks().getForWrite(key, c.now());
        Hll h = old == null ? Hll.empty() : new Hll(((StringValue) old).bytes());
        if (dense && !h.toDense()) {
            if (old == null || !isRaw(old)) {
                store(c, key, h, old);
            }
            throw new CommandError(CORRUPT);
        }
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] == 0) {
                continue;
            }
            if (h.encoding() == Hll.DENSE) {
                if (max[j] > Hll.denseGet(h.b, Hll.HDR, j)) {
                    Hll.denseSet(h.b, Hll.HDR, j, max[j]);
                }
            } else {
                h.sparseSet(j, max[j]);
            }
        }
        h.invalidateCache();
        store(c, key, h, old);
        c.notify(NotifyFlags.STRING, "pfadd", key);
        c.ok();
    }
}

package io.redraft.store.dump;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.string.StringValue;

/**
 * DUMP, RESTORE and OBJECT FREQ/IDLETIME/REFCOUNT (Redis 7.0 cluster.c / object.c).
 *
 * <p>Redraft runs as Redis with maxmemory 0 and policy noeviction, so like Redis it tracks no
 * LFU counter (OBJECT FREQ is an error, RESTORE FREQ is accepted and ignored). OBJECT IDLETIME
 * is the time since the value was last touched by the LRU clock {@link io.redraft.store.AccessClock} keeps:
 * writes stamp it alike on every replica (the entry's {@code now}); reads run outside the log
 * and stamp only the node serving them, so it is that node's own view, as on a Redis replica.
 * RESTORE IDLETIME sets it as Redis does.
 */
public final class DumpCommands {
    private static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    private static final String BUSY = "BUSYKEY Target key name already exists.";
    private static final String NO_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    private static final int SHARED_INTEGERS = 10000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private DumpCommands() {
    }

    /** Registers after KeyCommands (which declares the OBJECT container). */
    public static void register(CommandTable t) {
        t.add("dump", 2, "readonly random", 1, 1, 1, DumpCommands::dump);
        t.add("restore", -4, "write denyoom", 1, 1, 1, DumpCommands::restore);
        t.add("object|freq", 3, "readonly random", 2, 2, 1, DumpCommands::freq);
        t.add("object|idletime", 3, "readonly random", 2, 2, 1, DumpCommands::idletime);
        t.add("object|refcount", 3, "readonly random", 2, 2, 1, DumpCommands::refcount);
    }

    /** A value's DUMP payload, as DUMP sends it: what a slot migration carries to another group. */
    public static byte[] payload(Bytes key, RedisObject value) {
        return DumpPayload.dump(key, value);
    }

    /** Whether RESTORE would accept this payload's version and checksum. */
    public static boolean validPayload(byte[] payload) {
        return DumpPayload.verify(payload);
    }

    static void dump(Call c) {
        RedisObject o = c.ks().get(c.key(1), c.now());
        if (o == null) {
            c.out().nullBulk();
            return;
        }
        byte[] p = DumpPayload.dump(c.key(1), o);
        c.out().bulk(p);
    }

    static void restore(Call c) {
        boolean replace = false;
        boolean absttl = false;
        boolean idle = false;
        long idleSeconds = -1;
        boolean freq = false;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "absttl")) {
                absttl = true;
            } else if (c.argIs(j, "idletime") && additional >= 1 && !freq) {
                long v = c.longArg(j + 1);
                if (v < 0) {
                    throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
                }
                idle = true;
                idleSeconds = v;
                j++;
            } else if (c.argIs(j, "freq") && additional >= 1 && !idle) {
                long v = c.longArg(j + 1);
                if (v < 0 || v > 255) {
                    throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
                freq = true;
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        Bytes key = c.key(1);
        if (!replace && c.ks().getForWrite(key, c.now()) != null) {
            throw new CommandError(BUSY);
        }
        long ttl = c.longArg(2);
        if (ttl < 0) {
            throw new CommandError("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = c.arg(3);
        if (!DumpPayload.verify(payload)) {
            throw new CommandError(BAD_PAYLOAD);
        }
        RedisObject v = DumpPayload.load(payload);
        if (v == null) {
            throw new CommandError("ERR Bad data format");
        }
        boolean deleted = false;
        if (replace) {
            c.ks().getForWrite(key, c.now());
            deleted = c.ks().remove(key);
        }
        if (ttl != 0 && !absttl) {
            ttl += c.now();
        }
        if (ttl != 0 && ttl <= c.now()) {
            if (deleted) {
                c.notify(NotifyFlags.GENERIC, "del", key);
            }
            c.ok(); // already expired: the old key (if REPLACE) is gone, nothing is added
            return;
        }
        c.ks().put(key, v);
        if (idleSeconds >= 0) {
            c.ks().clock().setIdleSeconds(v, idleSeconds);
        }
        if (ttl != 0) {
            c.ks().setExpire(key, v, ttl);
        }
        c.notify(NotifyFlags.GENERIC, "restore", key);
        c.ok();
    }

    private static RedisObject lookup(Call c) {
        return c.ks().peek(c.key(2), c.now());
    }

    static void freq(Call c) {
        if (lookup(c) == null) {
            c.out().nullBulk();
            return;
        }
        throw new CommandError(NO_LFU);
    }

    static void idletime(Call c) {
        RedisObject o = lookup(c);
        if (o == null) {
            c.out().nullBulk();
            return;
        }
        c.out().integer(c.ks().clock().idleSeconds(o));
    }

    static void refcount(Call c) {
        RedisObject o = lookup(c);
        if (o == null) {
            c.out().nullBulk();
            return;
        }
        boolean shared = o instanceof StringValue s && s.encoding().equals("int")
                && Nums.parseLongOr(s.bytes(), -1L) >= 0 && Nums.parseLongOr(s.bytes(), -1L) < SHARED_INTEGERS;
        c.out().integer(shared ? SHARED_REFCOUNT : 1);
    }
}

package io.redraft.store.string;

import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Keyspace;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;

/** String commands (Redis's t_string.c). */
public final class StringCommands {
    private StringCommands() {
    }

    public static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, StringCommands::get);
        t.add("set", -3, "write denyoom", 1, 1, 1, StringCommands::set);
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, c -> incrBy(c, c.longArg(2)));
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, StringCommands::decrBy);
    }

    /** The string at key for reading, null if absent; WRONGTYPE otherwise. */
    static StringValue read(Call c, int i) {
        return c.ks().get(c.key(i), c.now(), StringValue.class);
    }

    static void get(Call c) {
        StringValue v = read(c, 1);
        if (v == null) {
            c.out().nullBulk();
        } else {
            c.out().bulk(v.bytes());
        }
    }

    // SET option flags, as Redis's OBJ_SET_* bits.
    static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, EX = 16, PX = 32, EXAT = 64, PXAT = 128, PERSIST = 256;

    /** Parsed SET/GETEX options. */
    record ExpireOpts(int flags, long expireAt) {
    }

    /**
     * Redis's parseExtendedStringArgumentsOrReply followed by getExpireMillisecondsOrReply:
     * same acceptance rules (repeats allowed unless contradictory) and same errors.
     */
    static ExpireOpts parseOpts(Call c, int from, boolean isSet, String cmd) {
        int flags = 0;
        byte[] expire = null;
        for (int j = from; j < c.argc(); j++) {
            boolean hasNext = j < c.argc() - 1;
            if (isSet && c.argIs(j, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (isSet && c.argIs(j, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (isSet && c.argIs(j, "get")) {
                flags |= GET;
            } else if (isSet && c.argIs(j, "keepttl") && (flags & (PERSIST | EX | EXAT | PX | PXAT)) == 0) {
                flags |= KEEPTTL;
            } else if (!isSet && c.argIs(j, "persist") && (flags & (EX | EXAT | PX | PXAT | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (c.argIs(j, "ex") && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && hasNext) {
                flags |= EX;
                expire = c.arg(++j);
            } else if (c.argIs(j, "px") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && hasNext) {
                flags |= PX;
                expire = c.arg(++j);
            } else if (c.argIs(j, "exat") && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && hasNext) {
                flags |= EXAT;
                expire = c.arg(++j);
            } else if (c.argIs(j, "pxat") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && hasNext) {
                flags |= PXAT;
                expire = c.arg(++j);
            } else {
                throw Errors.syntax();
            }
        }
        long at = RedisObject.NO_EXPIRE;
        if (expire != null) {
            boolean seconds = (flags & (EX | EXAT)) != 0;
            at = expireMillis(c, expire, seconds, (flags & (EX | PX)) != 0, cmd);
        }
        return new ExpireOpts(flags, at);
    }

    /** Redis's getExpireMillisecondsOrReply: relative times are made absolute with ctx now. */
    static long expireMillis(Call c, byte[] arg, boolean seconds, boolean relative, String cmd) {
        long ms = Nums.parseLong(arg);
        CommandError invalid = new CommandError("ERR invalid expire time in '" + cmd + "' command");
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            throw invalid;
        }
        if (seconds) {
            ms *= 1000;
        }
        if (relative) {
            ms += c.now(); // may overflow to negative, rejected below as Redis does
        }
        if (ms <= 0) {
            throw invalid;
        }
        return ms;
    }

    static void set(Call c) {
        ExpireOpts o = parseOpts(c, 3, true, "set");
        setGeneric(c, o.flags(), c.key(1), c.arg(2), o.expireAt(), false);
    }

    /**
     * Redis's setGenericCommand. {@code nxReplyInt}: SETNX replies :0/:1 instead of OK/null.
     */
    static void setGeneric(Call c, int flags, Bytes key, byte[] value, long expireAt, boolean nxReplyInt) {
        Keyspace ks = c.ks();
        RedisObject old = ks.getForWrite(key, c.now());
        if ((flags & GET) != 0 && old != null && !(old instanceof StringValue)) {
            throw Errors.wrongType();
        }
        boolean found = old != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) != 0) {
                replyOld(c, old);
            } else if (nxReplyInt) {
                c.out().integer(0);
            } else {
                c.out().nullBulk();
            }
            return;
        }
        StringValue v = new StringValue(value);
        if ((flags & KEEPTTL) != 0) {
            ks.putKeepTtl(key, v, old);
        } else {
            ks.put(key, v);
        }
        if (expireAt != RedisObject.NO_EXPIRE) {
            ks.setExpire(v, expireAt);
        }
        if ((flags & GET) != 0) {
            replyOld(c, old);
        } else if (nxReplyInt) {
            c.out().integer(1);
        } else {
            c.ok();
        }
    }

    private static void replyOld(Call c, RedisObject old) {
        if (old == null) {
            c.out().nullBulk();
        } else {
            c.out().bulk(((StringValue) old).bytes());
        }
    }

    static void decrBy(Call c) {
        long d = c.longArg(2);
        if (d == Long.MIN_VALUE) {
            throw new CommandError("ERR decrement would overflow");
        }
        incrBy(c, -d);
    }

    static void incrBy(Call c, long incr) {
        Bytes key = c.key(1);
        StringValue old = c.ks().getForWrite(key, c.now(), StringValue.class);
        long value = old == null ? 0 : Nums.parseLong(old.bytes());
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new CommandError(Errors.OVERFLOW);
        }
        value += incr;
        // INCR keeps the key's TTL: Redis updates the value in place.
        c.ks().putKeepTtl(key, new StringValue(Nums.toBytes(value)), old);
        c.out().integer(value);
    }
}

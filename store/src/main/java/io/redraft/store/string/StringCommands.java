package io.redraft.store.string;

import io.redraft.resp.ReplySink;
import io.redraft.store.IndexRange;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Keyspace;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.notify.NotifyFlags;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** String commands (Redis's t_string.c). */
public final class StringCommands {
    /** proto-max-bulk-len: the largest string SETRANGE/APPEND may build. */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private StringCommands() {
    }

    public static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, StringCommands::get);
        t.add("set", -3, "write denyoom", 1, 1, 1, StringCommands::set);
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1,
                c -> setGeneric(c, NX, c.key(1), c.arg(2), RedisObject.NO_EXPIRE, true));
        t.add("setex", 4, "write denyoom", 1, 1, 1, c -> setEx(c, true, "setex"));
        t.add("psetex", 4, "write denyoom", 1, 1, 1, c -> setEx(c, false, "psetex"));
        t.add("mget", -2, "readonly fast", 1, -1, 1, StringCommands::mget);
        t.add("mset", -3, "write denyoom", 1, -1, 2, c -> mset(c, false));
        t.add("msetnx", -3, "write denyoom", 1, -1, 2, c -> mset(c, true));
        t.add("getset", 3, "write denyoom fast", 1, 1, 1, StringCommands::getset);
        t.add("getdel", 2, "write fast", 1, 1, 1, StringCommands::getdel);
        t.add("getex", -2, "write fast", 1, 1, 1, StringCommands::getex);
        t.add("append", 3, "write denyoom fast", 1, 1, 1, StringCommands::append);
        t.add("strlen", 2, "readonly fast", 1, 1, 1, StringCommands::strlen);
        t.add("getrange", 4, "readonly", 1, 1, 1, StringCommands::getrange);
        t.add("substr", 4, "readonly", 1, 1, 1, StringCommands::getrange);
        t.add("setrange", 4, "write denyoom", 1, 1, 1, StringCommands::setrange);
        t.add("lcs", -3, "readonly", 1, 2, 1, Lcs::run);
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, c -> incrBy(c, -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, c -> incrBy(c, c.longArg(2)));
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, StringCommands::decrBy);
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, StringCommands::incrByFloat);
        BitCommands.register(t);
    }

    /** The string at key for reading, null if absent; WRONGTYPE otherwise. */
    static StringValue read(Call c, int i) {
        return c.ks().get(c.key(i), c.now(), StringValue.class);
    }

    static void get(Call c) {
        replyValue(c.out(), read(c, 1));
    }

    static void replyValue(ReplySink out, RedisObject v) {
        if (v == null) {
            out.nullBulk();
        } else {
            out.bulk(((StringValue) v).bytes());
        }
    }

    // SET option flags, as Redis's OBJ_SET_* bits.
    static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, EX = 16, PX = 32, EXAT = 64, PXAT = 128, PERSIST = 256;

    /** Parsed SET/GETEX options; {@code expire} is the raw time argument, validated later. */
    record Opts(int flags, byte[] expire) {
        boolean seconds() {
            return (flags & (EX | EXAT)) != 0;
        }

        boolean relative() {
            return (flags & (EX | PX)) != 0;
        }
    }

    /**
     * Redis's parseExtendedStringArgumentsOrReply: same acceptance rules (repeats allowed
     * unless contradictory) and the same syntax error.
     */
    static Opts parseOpts(Call c, int from, boolean isSet) {
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
        return new Opts(flags, expire);
    }

    /** Redis's getExpireMillisecondsOrReply: relative times are made absolute with ctx now. */
    static long expireMillis(Call c, byte[] arg, boolean seconds, boolean relative, String cmd) {
        long ms = Nums.parseLong(arg);
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(cmd);
        }
        if (seconds) {
            ms *= 1000;
        }
        if (relative) {
            ms += c.now(); // may wrap negative, rejected below as Redis does
        }
        if (ms <= 0) {
            throw invalidExpire(cmd);
        }
        return ms;
    }

    static CommandError invalidExpire(String cmd) {
        return new CommandError("ERR invalid expire time in '" + cmd + "' command");
    }

    static void set(Call c) {
        Opts o = parseOpts(c, 3, true);
        long at = o.expire() == null ? RedisObject.NO_EXPIRE
                : expireMillis(c, o.expire(), o.seconds(), o.relative(), "set");
        setGeneric(c, o.flags(), c.key(1), c.arg(2), at, false);
    }

    static void setEx(Call c, boolean seconds, String cmd) {
        long at = expireMillis(c, c.arg(2), seconds, true, cmd);
        setGeneric(c, 0, c.key(1), c.arg(3), at, false);
    }

    /** Redis's setGenericCommand. {@code intReply}: SETNX's :1/:0 instead of OK/null. */
    static void setGeneric(Call c, int flags, Bytes key, byte[] value, long expireAt, boolean intReply) {
        Keyspace ks = c.ks();
        RedisObject old = ks.getForWrite(key, c.now());
        if ((flags & GET) != 0 && old != null && !(old instanceof StringValue)) {
            throw Errors.wrongType();
        }
        boolean found = old != null;
        if ((flags & GET) != 0 && !found) {
            ks.notifyMiss(key); // SET ... GET reads the key as GET does
        }
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) != 0) {
                replyValue(c.out(), old);
            } else if (intReply) {
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
            ks.setExpire(key, v, expireAt);
        }
        c.notify(NotifyFlags.STRING, "set", key);
        if (expireAt != RedisObject.NO_EXPIRE) {
            c.notify(NotifyFlags.GENERIC, "expire", key);
        }
        if ((flags & GET) != 0) {
            replyValue(c.out(), old);
        } else if (intReply) {
            c.out().integer(1);
        } else {
            c.ok();
        }
    }

    static void mget(Call c) {
        c.out().arrayHeader(c.argc() - 1);
        for (int i = 1; i < c.argc(); i++) {
            RedisObject o = c.ks().get(c.key(i), c.now());
            if (o instanceof StringValue s) {
                c.out().bulk(s.bytes());
            } else {
                c.out().nullBulk();
            }
        }
    }

    static void mset(Call c, boolean nx) {
        if (c.argc() % 2 == 0) {
            throw new CommandError(CommandTable.arityError(c.spec()));
        }
        if (nx) {
            for (int i = 1; i < c.argc(); i += 2) {
                if (c.ks().getForWrite(c.key(i), c.now()) != null) {
                    c.out().integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < c.argc(); i += 2) {
            c.ks().getForWrite(c.key(i), c.now());
            c.ks().put(c.key(i), new StringValue(c.arg(i + 1)));
            c.notify(NotifyFlags.STRING, "set", c.key(i));
        }
        if (nx) {
            c.out().integer(1);
        } else {
            c.ok();
        }
    }

    static void getset(Call c) {
        StringValue old = c.ks().getForWrite(c.key(1), c.now(), StringValue.class);
        if (old == null) {
            c.ks().notifyMiss(c.key(1)); // Redis reads the key as GET does
        }
        c.ks().put(c.key(1), new StringValue(c.arg(2)));
        c.notify(NotifyFlags.STRING, "set", c.key(1));
        replyValue(c.out(), old);
    }

    static void getdel(Call c) {
        StringValue old = c.ks().getForWrite(c.key(1), c.now(), StringValue.class);
        replyValue(c.out(), old);
        if (old != null) {
            c.ks().remove(c.key(1));
            c.notify(NotifyFlags.GENERIC, "del", c.key(1));
        } else {
            c.ks().notifyMiss(c.key(1)); // Redis reads the key with lookupKeyRead
        }
    }

    static void getex(Call c) {
        Opts o = parseOpts(c, 2, false);
        StringValue v = c.ks().getForWrite(c.key(1), c.now(), StringValue.class);
        if (v == null) {
            c.ks().notifyMiss(c.key(1)); // Redis reads the key with lookupKeyRead
            c.out().nullBulk();
            return;
        }
        long at = o.expire() == null ? RedisObject.NO_EXPIRE
                : expireMillis(c, o.expire(), o.seconds(), o.relative(), "getex");
        c.out().bulk(v.bytes());
        if (o.expire() != null && !o.relative() && at <= c.now()) {
            c.ks().remove(c.key(1));
            c.notify(NotifyFlags.GENERIC, "del", c.key(1));
        } else if (o.expire() != null) {
            c.ks().setExpire(c.key(1), v, at);
            c.notify(NotifyFlags.GENERIC, "expire", c.key(1));
        } else if ((o.flags() & PERSIST) != 0 && v.expireAt() != RedisObject.NO_EXPIRE) {
            c.ks().setExpire(c.key(1), v, RedisObject.NO_EXPIRE);
            c.notify(NotifyFlags.GENERIC, "persist", c.key(1));
        }
    }

    static void append(Call c) {
        Bytes key = c.key(1);
        StringValue old = c.ks().getForWrite(key, c.now(), StringValue.class);
        byte[] add = c.arg(2);
        if (old == null) {
            c.ks().put(key, new StringValue(add));
            c.notify(NotifyFlags.STRING, "append", key);
            c.out().integer(add.length);
            return;
        }
        long total = (long) old.bytes().length + add.length;
        checkLength(total);
        byte[] nv = Arrays.copyOf(old.bytes(), (int) total);
        System.arraycopy(add, 0, nv, old.bytes().length, add.length);
        c.ks().putKeepTtl(key, new StringValue(nv, StringValue.Origin.RAW), old);
        c.notify(NotifyFlags.STRING, "append", key);
        c.out().integer(total);
    }

    private static void checkLength(long total) {
        if (total > MAX_STRING) {
            throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    static void strlen(Call c) {
        StringValue v = read(c, 1);
        c.out().integer(v == null ? 0 : v.bytes().length);
    }

    static void getrange(Call c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        StringValue v = read(c, 1);
        byte[] s = v == null ? new byte[0] : v.bytes();
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            c.out().bulk(new byte[0]);
            return;
        }
        IndexRange r = IndexRange.ofBytes(start, end, len);
        if (r == null) {
            c.out().bulk(new byte[0]);
        } else {
            c.out().bulk(Arrays.copyOfRange(s, (int) r.start(), (int) r.end() + 1));
        }
    }

    static void setrange(Call c) {
        long offset = c.longArg(2);
        if (offset < 0) {
            throw new CommandError("ERR offset is out of range");
        }
        Bytes key = c.key(1);
        byte[] value = c.arg(3);
        StringValue old = c.ks().getForWrite(key, c.now(), StringValue.class);
        if (old == null && value.length == 0) {
            c.out().integer(0);
            return;
        }
        if (old != null && value.length == 0) {
            c.out().integer(old.bytes().length);
            return;
        }
        // offset + length can overflow a long: compare by subtraction, as Redis's checkStringLength.
        if (offset > MAX_STRING - value.length) {
            checkLength(Long.MAX_VALUE);
        }
        byte[] base = old == null ? new byte[0] : old.bytes();
        byte[] nv = Arrays.copyOf(base, (int) Math.max(base.length, offset + value.length));
        System.arraycopy(value, 0, nv, (int) offset, value.length);
        c.ks().putKeepTtl(key, new StringValue(nv, StringValue.Origin.RAW), old);
        c.notify(NotifyFlags.STRING, "setrange", key);
        c.out().integer(nv.length);
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
        c.notify(NotifyFlags.STRING, "incrby", key);
        c.out().integer(value);
    }

    static void incrByFloat(Call c) {
        Bytes key = c.key(1);
        StringValue old = c.ks().getForWrite(key, c.now(), StringValue.class);
        BigDecimal value = old == null ? BigDecimal.ZERO : LongDouble.parse(old.bytes());
        boolean inf = old != null && value == null && LongDouble.isInfinity(old.bytes());
        if (value == null && !inf) {
            throw Errors.notFloat();
        }
        BigDecimal incr = LongDouble.parse(c.arg(2));
        if (incr == null && !LongDouble.isInfinity(c.arg(2))) {
            throw Errors.notFloat();
        }
        if (inf || incr == null) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.add(value, incr);
        c.ks().putKeepTtl(key, new StringValue(text, StringValue.Origin.PLAIN), old);
        c.notify(NotifyFlags.STRING, "incrbyfloat", key);
        c.out().bulk(text);
    }
}

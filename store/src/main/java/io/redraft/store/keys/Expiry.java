package io.redraft.store.keys;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.RedisObject;

/**
 * Expiry commands (Redis's expire.c). Relative times are made absolute with the context's
 * clock, and "already expired" is judged with it too, so replicas agree.
 */
final class Expiry {
    private static final int NX = 1, XX = 2, GT = 4, LT = 8;

    private Expiry() {
    }

    static void register(CommandTable t) {
        t.add("expire", -3, "write fast", 1, 1, 1, c -> expire(c, c.now(), true, "expire"));
        t.add("pexpire", -3, "write fast", 1, 1, 1, c -> expire(c, c.now(), false, "pexpire"));
        t.add("expireat", -3, "write fast", 1, 1, 1, c -> expire(c, 0, true, "expireat"));
        t.add("pexpireat", -3, "write fast", 1, 1, 1, c -> expire(c, 0, false, "pexpireat"));
        t.add("ttl", 2, "readonly fast random", 1, 1, 1, c -> ttl(c, false, false));
        t.add("pttl", 2, "readonly fast random", 1, 1, 1, c -> ttl(c, true, false));
        t.add("expiretime", 2, "readonly fast", 1, 1, 1, c -> ttl(c, false, true));
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1, c -> ttl(c, true, true));
        t.add("persist", 2, "write fast", 1, 1, 1, Expiry::persist);
    }

    static void expire(Call c, long base, boolean seconds, String cmd) {
        int flags = 0;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "nx")) {
                flags |= NX;
            } else if (c.argIs(j, "xx")) {
                flags |= XX;
            } else if (c.argIs(j, "gt")) {
                flags |= GT;
            } else if (c.argIs(j, "lt")) {
                flags |= LT;
            } else {
                throw new CommandError("ERR Unsupported option " + CommandTable.cString(c.arg(j)));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        long when = c.longArg(2);
        CommandError invalid = new CommandError("ERR invalid expire time in '" + cmd + "' command");
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalid;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw invalid;
        }
        when += base;
        Bytes key = c.key(1);
        RedisObject o = c.ks().getForWrite(key, c.now());
        if (o == null) {
            c.out().integer(0);
            return;
        }
        long current = o.expireAt();
        boolean none = current == RedisObject.NO_EXPIRE;
        if (((flags & NX) != 0 && !none) || ((flags & XX) != 0 && none)
                || ((flags & GT) != 0 && (none || when <= current))
                || ((flags & LT) != 0 && !none && when >= current)) {
            c.out().integer(0);
            return;
        }
        if (when <= c.now()) {
            c.ks().remove(key);
            c.notify(NotifyFlags.GENERIC, "del", key);
        } else {
            c.ks().setExpire(key, o, when);
            c.notify(NotifyFlags.GENERIC, "expire", key);
        }
        c.out().integer(1);
    }

    static void ttl(Call c, boolean millis, boolean absolute) {
        RedisObject o = c.ks().peek(c.key(1), c.now());
        if (o == null) {
            c.ks().notifyMiss(c.key(1));
            c.out().integer(-2);
            return;
        }
        if (o.expireAt() == RedisObject.NO_EXPIRE) {
            c.out().integer(-1);
            return;
        }
        long t = absolute ? o.expireAt() : Math.max(0, o.expireAt() - c.now());
        c.out().integer(millis ? t : (t + 500) / 1000);
    }

    static void persist(Call c) {
        RedisObject o = c.ks().getForWrite(c.key(1), c.now());
        if (o == null || o.expireAt() == RedisObject.NO_EXPIRE) {
            c.out().integer(0);
            return;
        }
        c.ks().setExpire(c.key(1), o, RedisObject.NO_EXPIRE);
        c.notify(NotifyFlags.GENERIC, "persist", c.key(1));
        c.out().integer(1);
    }
}

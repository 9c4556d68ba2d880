package io.redraft.store.keys;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Glob;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Generic keyspace commands (Redis's db.c, expire.c and OBJECT). */
public final class KeyCommands {
    private KeyCommands() {
    }

    public static void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, KeyCommands::del);
        t.add("unlink", -2, "write fast", 1, -1, 1, KeyCommands::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1, KeyCommands::exists);
        t.add("touch", -2, "readonly fast", 1, -1, 1, KeyCommands::touch);
        t.add("type", 2, "readonly fast", 1, 1, 1, KeyCommands::type);
        t.add("rename", 3, "write", 1, 2, 1, c -> rename(c, false));
        t.add("renamenx", 3, "write fast", 1, 2, 1, c -> rename(c, true));
        t.add("copy", -3, "write denyoom", 1, 2, 1, KeyCommands::copy);
        t.add("keys", 2, "readonly", 0, 0, 0, KeyCommands::keys);
        t.add("scan", -2, "readonly random", 0, 0, 0, KeyCommands::scan);
        t.add("randomkey", 1, "readonly random", 0, 0, 0, KeyCommands::randomkey);
        Expiry.register(t);
        t.container("object", -2, "");
        t.add("object|encoding", 3, "readonly random", 2, 2, 1, KeyCommands::encoding);
        t.add("object|help", 2, "loading stale", 0, 0, 0, KeyCommands::objectHelp);
    }

    static void del(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.ks().getForWrite(c.key(i), c.now()) != null && c.ks().remove(c.key(i))) {
                c.notify(NotifyFlags.GENERIC, "del", c.key(i));
                n++;
            }
        }
        c.out().integer(n);
    }

    static void exists(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.ks().peek(c.key(i), c.now()) != null) {
                n++;
            } else {
                c.ks().notifyMiss(c.key(i));
            }
        }
        c.out().integer(n);
    }

    /** TOUCH: EXISTS that stamps each key's access time, as Redis's lookupKeyRead does (OBJECT IDLETIME 0). */
    static void touch(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.ks().get(c.key(i), c.now()) != null) n++;
        }
        c.out().integer(n);
    }

    static void type(Call c) {
        RedisObject o = c.ks().peek(c.key(1), c.now());
        if (o == null) {
            c.ks().notifyMiss(c.key(1));
        }
        c.out().status(o == null ? "none" : o.type().typeName());
    }

    static void rename(Call c, boolean nx) {
        Keyspace ks = c.ks();
        Bytes src = c.key(1);
        Bytes dst = c.key(2);
        RedisObject o = ks.getForWrite(src, c.now());
        if (o == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        if (src.equals(dst)) {
            if (nx) {
                c.out().integer(0);
            } else {
                c.ok();
            }
            return;
        }
        if (ks.getForWrite(dst, c.now()) != null) {
            if (nx) {
                c.out().integer(0);
                return;
            }
            ks.remove(dst);
        }
        ks.remove(src);
        ks.put(dst, o); // the value carries its expiry along
        c.notify(NotifyFlags.GENERIC, "rename_from", src);
        c.notify(NotifyFlags.GENERIC, "rename_to", dst);
        if (nx) {
            c.out().integer(1);
        } else {
            c.ok();
        }
    }

    static void copy(Call c) {
        boolean replace = false;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "db") && j < c.argc() - 1) {
                long db = SingleDatabase.intArg(c, ++j, null);
                if (db != 0) {
                    throw new CommandError("ERR DB index is out of range");
                }
            } else {
                throw Errors.syntax();
            }
        }
        Bytes src = c.key(1);
        Bytes dst = c.key(2);
        if (src.equals(dst)) {
            throw new CommandError("ERR source and destination objects are the same");
        }
        Keyspace ks = c.ks();
        RedisObject o = ks.getForWrite(src, c.now());
        if (o == null) {
            ks.notifyMiss(src); // Redis reads the source with lookupKeyRead
            c.out().integer(0);
            return;
        }
        if (ks.getForWrite(dst, c.now()) != null) {
            if (!replace) {
                c.out().integer(0);
                return;
            }
            ks.remove(dst);
        }
        RedisObject dup = o.copy();
        ks.put(dst, dup);
        if (o.expireAt() != RedisObject.NO_EXPIRE) {
            ks.setExpire(dst, dup, o.expireAt());
        }
        c.notify(NotifyFlags.GENERIC, "copy_to", dst);
        c.out().integer(1);
    }

    static void keys(Call c) {
        byte[] pattern = c.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<Bytes> found = new ArrayList<>();
        c.ks().forEachLive(c.now(), k -> {
            if (all || Glob.matches(pattern, k.array())) {
                found.add(k);
            }
        });
        c.out().arrayHeader(found.size());
        found.forEach(k -> c.out().bulk(k.array()));
    }

    static void scan(Call c) {
        long cursor = Scan.parseCursor(c.arg(1));
        Scan.Options opt = Scan.Options.parse(c, 2, true);
        List<Bytes> found = new ArrayList<>();
        long next = c.ks().scan(cursor, opt.count(), c.now(), k -> {
            if (opt.matches(k.array())) {
                if (opt.type() != null) {
                    RedisObject o = c.ks().peek(k, c.now());
                    if (o == null || !o.type().typeName().equalsIgnoreCase(opt.type())) {
                        return;
                    }
                }
                found.add(k);
            }
        });
        ReplySink out = c.out();
        out.arrayHeader(2);
        out.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
        out.arrayHeader(found.size());
        found.forEach(k -> out.bulk(k.array()));
    }

    static void randomkey(Call c) {
        Bytes k = c.ks().randomKey(c.random(), c.now());
        if (k == null) {
            c.out().nullBulk();
        } else {
            c.out().bulk(k.array());
        }
    }

    static void encoding(Call c) {
        RedisObject o = c.ks().peek(c.key(2), c.now());
        if (o == null) {
            c.out().nullBulk();
        } else {
            c.out().bulk(o.encoding().getBytes(StandardCharsets.US_ASCII));
        }
    }

    static void objectHelp(Call c) {
        String[] lines = {
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help."};
        c.out().arrayHeader(lines.length);
        for (String l : lines) {
            c.out().status(l);
        }
    }
}

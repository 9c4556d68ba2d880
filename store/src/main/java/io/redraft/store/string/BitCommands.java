package io.redraft.store.string;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.store.IndexRange;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;

import java.util.Arrays;

/** Bitmap commands on strings (Redis's bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD. */
final class BitCommands {
    private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";

    private BitCommands() {
    }

    static void register(CommandTable t) {
        t.add("setbit", 4, "write denyoom", 1, 1, 1, BitCommands::setbit);
        t.add("getbit", 3, "readonly fast", 1, 1, 1, BitCommands::getbit);
        t.add("bitcount", -2, "readonly", 1, 1, 1, BitCommands::bitcount);
        t.add("bitpos", -3, "readonly", 1, 1, 1, BitCommands::bitpos);
        t.add("bitop", -4, "write denyoom", 2, -1, 1, BitCommands::bitop);
        t.add("bitfield", -2, "write denyoom", 1, 1, 1, c -> BitField.run(c, false));
        t.add("bitfield_ro", -2, "readonly fast", 1, 1, 1, c -> BitField.run(c, true));
    }

    /** getBitOffsetFromArgument: a non-negative offset whose byte is below 512 MB. */
    private static long offset(Call c, int i) {
        Long v = Nums.parseLongOr(c.arg(i), null);
        if (v == null || v < 0 || (v >> 3) >= StringCommands.MAX_STRING) {
            throw new CommandError(BAD_OFFSET);
        }
        return v;
    }

    static void setbit(Call c) {
        long off = offset(c, 2);
        Long on = Nums.parseLongOr(c.arg(3), null);
        if (on == null || (on & ~1L) != 0) {
            throw new CommandError(BAD_BIT);
        }
        Bytes key = c.key(1);
        StringValue old = c.ks().getForWrite(key, c.now(), StringValue.class);
        int index = (int) (off >> 3);
        byte[] base = old == null ? new byte[0] : old.bytes();
        byte[] nv = Arrays.copyOf(base, Math.max(base.length, index + 1));
        int shift = 7 - (int) (off & 7);
        int prev = (nv[index] >> shift) & 1;
        nv[index] = (byte) ((nv[index] & ~(1 << shift)) | (on.intValue() << shift));
        c.ks().putKeepTtl(key, new StringValue(nv, StringValue.Origin.RAW), old);
        if (old == null || nv.length > base.length || prev != on) { // Redis: created, grown or changed
            c.notify(NotifyFlags.STRING, "setbit", key);
        }
        c.out().integer(prev);
    }

    static void getbit(Call c) {
        long off = offset(c, 2);
        StringValue v = c.ks().get(c.key(1), c.now(), StringValue.class);
        byte[] s = v == null ? new byte[0] : v.bytes();
        long index = off >> 3;
        c.out().integer(index >= s.length ? 0 : (s[(int) index] >> (7 - (int) (off & 7))) & 1);
    }

    static void bitcount(Call c) {
        StringValue v = c.ks().get(c.key(1), c.now(), StringValue.class);
        if (v == null) {
            c.out().integer(0);
            return;
        }
        byte[] s = v.bytes();
        long from, to;
        if (c.argc() == 4 || c.argc() == 5) {
            long start = c.longArg(2);
            long end = c.longArg(3);
            if (start < 0 && end < 0 && start > end) { // checked before BIT|BYTE, as Redis 7.0
                c.out().integer(0);
                return;
            }
            boolean isBit = false;
            if (c.argc() == 5) {
                if (c.argIs(4, "bit")) {
                    isBit = true;
                } else if (!c.argIs(4, "byte")) {
                    throw Errors.syntax();
                }
            }
            IndexRange r = IndexRange.ofBytes(start, end, isBit ? (long) s.length << 3 : s.length);
            if (r == null) {
                c.out().integer(0);
                return;
            }
            from = isBit ? r.start() : r.start() << 3;
            to = isBit ? r.end() : (r.end() << 3) + 7;
        } else if (c.argc() == 2) {
            from = 0;
            to = ((long) s.length << 3) - 1;
        } else {
            throw Errors.syntax();
        }
        long count = 0;
        for (long b = from; b <= to; b++) {
            count += (s[(int) (b >> 3)] >> (7 - (int) (b & 7))) & 1;
        }
        c.out().integer(count);
    }

    static void bitpos(Call c) {
        long bit = c.longArg(2);
        if (bit != 0 && bit != 1) {
            throw new CommandError("ERR The bit argument must be 1 or 0.");
        }
        StringValue v = c.ks().get(c.key(1), c.now(), StringValue.class);
        if (v == null) {
            c.out().integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] s = v.bytes();
        long start, end;
        boolean isBit = false, endGiven = false;
        if (c.argc() >= 4 && c.argc() <= 6) {
            start = c.longArg(3);
            if (c.argc() == 6) {
                if (c.argIs(5, "bit")) {
                    isBit = true;
                } else if (!c.argIs(5, "byte")) {
                    throw Errors.syntax();
                }
            }
            long total = s.length;
            if (c.argc() >= 5) {
                end = c.longArg(4);
                endGiven = true;
            } else {
                end = isBit ? (total << 3) + 7 : total - 1;
            }
        } else if (c.argc() == 3) {
            start = 0;
            end = s.length - 1;
        } else {
            throw Errors.syntax();
        }
        IndexRange r = IndexRange.ofBytes(start, end, isBit ? (long) s.length << 3 : s.length);
        if (r == null) {
            c.out().integer(-1);
            return;
        }
        long from = isBit ? r.start() : r.start() << 3;
        long to = isBit ? r.end() : (r.end() << 3) + 7;
        for (long b = from; b <= to; b++) {
            if (((s[(int) (b >> 3)] >> (7 - (int) (b & 7))) & 1) == bit) {
                c.out().integer(b);
                return;
            }
        }
        // Not found: looking for 1 gives -1; looking for 0 past an implicit end gives the first
        // bit after the last byte examined (the string is zero-padded to the right).
        c.out().integer(bit == 1 || endGiven ? -1 : ((to >> 3) + 1) << 3);
    }

    static void bitop(Call c) {
        int op;
        if (c.argIs(1, "and")) {
            op = 0;
        } else if (c.argIs(1, "or")) {
            op = 1;
        } else if (c.argIs(1, "xor")) {
            op = 2;
        } else if (c.argIs(1, "not")) {
            op = 3;
        } else {
            throw Errors.syntax();
        }
        if (op == 3 && c.argc() != 4) {
            throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        int n = c.argc() - 3;
        byte[][] src = new byte[n][];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            RedisObject o = c.ks().get(c.key(j + 3), c.now());
            if (o != null && !(o instanceof StringValue)) {
                throw Errors.wrongType();
            }
            src[j] = o == null ? new byte[0] : ((StringValue) o).bytes();
            maxLen = Math.max(maxLen, src[j].length);
        }
        Bytes dst = c.key(2);
        c.ks().getForWrite(dst, c.now());
        if (maxLen == 0) {
            if (c.ks().remove(dst)) {
                c.notify(NotifyFlags.GENERIC, "del", dst);
            }
            c.out().integer(0);
            return;
        }
        byte[] res = new byte[maxLen];
        for (int i = 0; i < maxLen; i++) {
            int out = i < src[0].length ? src[0][i] & 0xFF : 0;
            if (op == 3) {
                out = ~out & 0xFF;
            }
            for (int j = 1; j < n; j++) {
                int b = i < src[j].length ? src[j][i] & 0xFF : 0;
                out = switch (op) {
                    case 0 -> out & b;
                    case 1 -> out | b;
                    default -> out ^ b;
                };
            }
            res[i] = (byte) out;
        }
        c.ks().put(dst, new StringValue(res, StringValue.Origin.RAW));
        c.notify(NotifyFlags.STRING, "set", dst);
        c.out().integer(maxLen);
    }
}

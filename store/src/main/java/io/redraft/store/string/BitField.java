package io.redraft.store.string;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO (Redis's bitfieldGeneric): integers of 1-64 bits (unsigned up to
 * 63) at arbitrary bit offsets, with WRAP/SAT/FAIL overflow. Unsigned 64-bit arithmetic is
 * done on Java longs with unsigned comparisons where C compares uint64_t.
 */
final class BitField {
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private enum Overflow { WRAP, SAT, FAIL }

    private enum Kind { GET, SET, INCRBY }

    private record Op(Kind kind, long offset, int bits, boolean signed, long value, Overflow overflow) {
    }

    private BitField() {
    }

    static void run(Call c, boolean readOnlyCommand) {
        List<Op> ops = new ArrayList<>();
        Overflow ow = Overflow.WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < c.argc(); j++) {
            int rem = c.argc() - j - 1;
            Kind kind;
            if (c.argIs(j, "get") && rem >= 2) {
                kind = Kind.GET;
            } else if (c.argIs(j, "set") && rem >= 3) {
                kind = Kind.SET;
            } else if (c.argIs(j, "incrby") && rem >= 3) {
                kind = Kind.INCRBY;
            } else if (c.argIs(j, "overflow") && rem >= 1) {
                j++;
                if (c.argIs(j, "wrap")) {
                    ow = Overflow.WRAP;
                } else if (c.argIs(j, "sat")) {
                    ow = Overflow.SAT;
                } else if (c.argIs(j, "fail")) {
                    ow = Overflow.FAIL;
                } else {
                    throw new CommandError("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw Errors.syntax();
            }
            byte[] type = c.arg(j + 1);
            boolean signed;
            if (type.length > 0 && type[0] == 'i') {
                signed = true;
            } else if (type.length > 0 && type[0] == 'u') {
                signed = false;
            } else {
                throw new CommandError(BAD_TYPE);
            }
            Long bits = Nums.parseLongOr(Arrays.copyOfRange(type, 1, type.length), null);
            if (bits == null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                throw new CommandError(BAD_TYPE);
            }
            long offset = offset(c.arg(j + 2), bits.intValue());
            long value = 0;
            if (kind != Kind.GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = c.longArg(j + 3);
            }
            ops.add(new Op(kind, offset, bits.intValue(), signed, value, ow));
            j += kind == Kind.GET ? 2 : 3;
        }
        Bytes key = c.key(1);
        byte[] buf;
        StringValue old;
        boolean grown = false; // Redis's "dirty": any SET/INCRBY then counts as a change
        if (readOnly) {
            old = c.ks().get(key, c.now(), StringValue.class);
            buf = old == null ? new byte[0] : old.bytes();
        } else {
            if (readOnlyCommand) {
                throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
            }
            old = c.ks().getForWrite(key, c.now(), StringValue.class);
            byte[] base = old == null ? new byte[0] : old.bytes();
            buf = Arrays.copyOf(base, (int) Math.max(base.length, (highestWrite >> 3) + 1));
            grown = old == null || buf.length > base.length;
        }
        c.out().arrayHeader(ops.size());
        int changes = 0;
        for (Op op : ops) {
            if (op.kind() == Kind.GET) {
                long v = get(buf, op.offset(), op.bits());
                c.out().integer(op.signed() ? signExtend(v, op.bits()) : v);
                continue;
            }
            long oldVal = get(buf, op.offset(), op.bits());
            long newVal;
            long ret;
            long[] check;
            if (op.signed()) {
                oldVal = signExtend(oldVal, op.bits());
                if (op.kind() == Kind.INCRBY) {
                    check = checkSigned(oldVal, op.value(), op.bits(), op.overflow());
                    newVal = check[0] != 0 ? check[1] : oldVal + op.value();
                    ret = newVal;
                } else {
                    check = checkSigned(op.value(), 0, op.bits(), op.overflow());
                    newVal = check[0] != 0 ? check[1] : op.value();
                    ret = oldVal;
                }
            } else {
                if (op.kind() == Kind.INCRBY) {
                    check = checkUnsigned(oldVal, op.value(), op.bits(), op.overflow());
                    newVal = check[0] != 0 ? check[1] : oldVal + op.value();
                    ret = newVal;
                } else {
                    check = checkUnsigned(op.value(), 0, op.bits(), op.overflow());
                    newVal = check[0] != 0 ? check[1] : op.value();
                    ret = oldVal;
                }
            }
            if (check[0] != 0 && op.overflow() == Overflow.FAIL) {
                c.out().nullBulk();
            } else {
                c.out().integer(ret);
                if (grown || get(buf, op.offset(), op.bits()) != (newVal & mask(op.bits()))) {
                    changes++;
                }
                set(buf, op.offset(), op.bits(), newVal);
            }
        }
        if (!readOnly) {
            // Redis grows (and so creates) the string even when every operation FAILs.
            c.ks().putKeepTtl(key, new StringValue(buf, StringValue.Origin.RAW), old);
            if (changes > 0) {
                c.notify(NotifyFlags.STRING, "setbit", key);
            }
        }
    }

    /** getBitOffsetFromArgument with "#n" meaning n times the field width. */
    private static long offset(byte[] arg, int bits) {
        boolean hash = arg.length > 0 && arg[0] == '#';
        Long v = Nums.parseLongOr(hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg, null);
        if (v == null) {
            throw new CommandError("ERR bit offset is not an integer or out of range");
        }
        long off = hash ? v * bits : v;
        if (off < 0 || (off >> 3) >= StringCommands.MAX_STRING) {
            throw new CommandError("ERR bit offset is not an integer or out of range");
        }
        return off;
    }

    private static long get(byte[] p, long offset, int bits) {
        long v = 0;
        for (int i = 0; i < bits; i++) {
            long at = offset + i;
            long idx = at >> 3;
            int b = idx < p.length ? (p[(int) idx] >> (7 - (int) (at & 7))) & 1 : 0;
            v = (v << 1) | b;
        }
        return v;
    }

    private static void set(byte[] p, long offset, int bits, long value) {
        for (int i = 0; i < bits; i++) {
            long at = offset + i;
            int idx = (int) (at >> 3);
            int shift = 7 - (int) (at & 7);
            int bit = (int) ((value >>> (bits - 1 - i)) & 1);
            p[idx] = (byte) ((p[idx] & ~(1 << shift)) | (bit << shift));
        }
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static long signExtend(long v, int bits) {
        if (bits < 64 && (v & (1L << (bits - 1))) != 0) {
            v |= -1L << bits;
        }
        return v;
    }

    /** {overflow (0 / ±1), limit}: checkUnsignedBitfieldOverflow with uint64 value. */
    private static long[] checkUnsigned(long value, long incr, int bits, Overflow ow) {
        long max = (1L << bits) - 1; // bits <= 63
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            return new long[]{1, ow == Overflow.WRAP ? (value + incr) & max : max};
        }
        if (incr < 0 && incr < minIncr) {
            return new long[]{-1, ow == Overflow.WRAP ? (value + incr) & max : 0};
        }
        return new long[]{0, 0};
    }

    /** {overflow (0 / ±1), limit}: checkSignedBitfieldOverflow. */
    private static long[] checkSigned(long value, long incr, int bits, Overflow ow) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            return new long[]{1, ow == Overflow.WRAP ? wrapSigned(value, incr, bits) : max};
        }
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            return new long[]{-1, ow == Overflow.WRAP ? wrapSigned(value, incr, bits) : min};
        }
        return new long[]{0, 0};
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }

}

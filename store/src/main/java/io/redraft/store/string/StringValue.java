package io.redraft.store.string;

import io.redraft.store.Digests;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

/**
 * A string value. Redis picks int/embstr/raw by how the value was produced; {@link Origin}
 * records that so OBJECT ENCODING answers as Redis 7 does.
 */
public final class StringValue extends RedisObject {
    /** How the value was produced, which decides its reported encoding. */
    public enum Origin {
        /** SET-like: tryObjectEncoding, int if a canonical long, else embstr (≤ 44) or raw. */
        ENCODED,
        /** created as a plain string object (INCRBYFLOAT): embstr (≤ 44) or raw. */
        PLAIN,
        /** modified in place (APPEND, SETRANGE): always raw. */
        RAW
    }

    static final int EMBSTR_MAX = 44;

    private static final Origin[] ORIGINS = Origin.values();

    /** The origin lives in the header word's spare bits, so a string costs 32 bytes plus its array. */
    private final byte[] value;

    public StringValue(byte[] value, Origin origin) {
        this.value = value;
        setSubBits(origin.ordinal());
    }

    public StringValue(byte[] value) {
        this(value, Origin.ENCODED);
    }

    public byte[] bytes() {
        return value;
    }

    public Origin origin() {
        return ORIGINS[subBits()];
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String encoding() {
        Origin origin = origin();
        if (origin == Origin.RAW) {
            return "raw";
        }
        if (origin == Origin.ENCODED && value.length <= 20 && Nums.isLong(value)) {
            return "int";
        }
        return value.length <= EMBSTR_MAX ? "embstr" : "raw";
    }

    @Override
    public RedisObject copy() {
        return new StringValue(value, origin());
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeByte(origin().ordinal());
        out.writeInt(value.length);
        out.write(value);
    }

    public static StringValue readFrom(java.io.DataInputStream in) throws java.io.IOException {
        Origin origin = Origin.values()[in.readUnsignedByte()];
        byte[] v = new byte[in.readInt()];
        in.readFully(v);
        return new StringValue(v, origin);
    }

    @Override
    public byte[] contentDigest() {
        return Digests.of(value);
    }
}

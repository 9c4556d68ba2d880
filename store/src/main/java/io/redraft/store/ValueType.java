package io.redraft.store;

/** The Redis data types; {@link #typeName()} is what TYPE replies. */
public enum ValueType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

    private final String name;

    ValueType(String name) {
        this.name = name;
    }

    public String typeName() {
        return name;
    }
}

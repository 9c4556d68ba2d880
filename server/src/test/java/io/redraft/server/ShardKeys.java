package io.redraft.server;

import io.redraft.store.HashSlot;
import java.nio.charset.StandardCharsets;

/** Keys chosen by hash slot, for tests of shard routing and migration. */
public final class ShardKeys {
    private ShardKeys() {}

    /** A key whose hash slot is {@code slot}: {@code prefix{n}} for the first tag n that lands there. */
    public static String keyIn(int slot, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + "{" + i + "}";
            if (HashSlot.of(k.getBytes(StandardCharsets.ISO_8859_1)) == slot) return k;
        }
    }
}

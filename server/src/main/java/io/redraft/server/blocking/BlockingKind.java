package io.redraft.server.blocking;

import io.redraft.store.BlockingTimeout;
import io.redraft.store.CommandError;
import io.redraft.store.Nums;
import io.redraft.store.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The blocking commands by the shape of their arguments: where the keys and the timeout are,
 * what type a key must hold to serve them, and the reply that means "nothing there" (the store
 * runs them without waiting, as Redis does inside MULTI).
 */
enum BlockingKind {
    /** BLPOP, BRPOP: keys, then the timeout. */
    LIST_POP(ValueType.LIST, true),
    /** BRPOPLPUSH, BLMOVE: one source key; the store's empty reply is a null bulk. */
    LIST_MOVE(ValueType.LIST, false),
    /** BLMPOP timeout numkeys key... */
    LIST_MPOP(ValueType.LIST, true),
    /** BZPOPMIN, BZPOPMAX: keys, then the timeout. */
    ZSET_POP(ValueType.ZSET, true),
    /** BZMPOP timeout numkeys key... */
    ZSET_MPOP(ValueType.ZSET, true),
    /** XREAD / XREADGROUP ... BLOCK ms ... STREAMS key... id...: read again, whole, once a stream grows. */
    STREAM(ValueType.STREAM, true);

    private final ValueType serves;
    /** Whether the store says "nothing there" with a null array (else a null bulk). */
    private final boolean emptyIsArray;

    BlockingKind(ValueType serves, boolean emptyIsArray) {
        this.serves = serves;
        this.emptyIsArray = emptyIsArray;
    }

    /** The kind of a command by its lower-case name, or null when it does not block. */
    static BlockingKind of(String name) {
        return switch (name) {
            case "blpop", "brpop" -> LIST_POP;
            case "brpoplpush", "blmove" -> LIST_MOVE;
            case "blmpop" -> LIST_MPOP;
            case "bzpopmin", "bzpopmax" -> ZSET_POP;
            case "bzmpop" -> ZSET_MPOP;
            case "xread", "xreadgroup" -> STREAM;
            default -> null;
        };
    }

    /** Whether this request may wait: a blocking command, XREAD / XREADGROUP only with BLOCK. */
    static boolean waits(String name, byte[][] argv) {
        BlockingKind k = of(name);
        return k != null && (k != STREAM || streamsAt(argv, true) > 0);
    }

    /** The index of the first key after STREAMS (0 if none); with {@code block}, 0 also when there is no BLOCK before it. */
    private static int streamsAt(byte[][] argv, boolean block) {
        boolean sawBlock = false;
        for (int i = 1; i < argv.length; i++) {
            String a = new String(argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (a.equals("block")) sawBlock = true;
            if (a.equals("streams")) return block && !sawBlock ? 0 : i + 1;
        }
        return 0;
    }

    static BlockingKind of(byte[][] argv) {
        return of(new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    boolean serves(ValueType t) {
        return t == serves;
    }

    /**
     * How long the client may wait in milliseconds (0: forever), or -1 when the arguments are
     * refused: the store then answers the error, which is delivered instead of a wait.
     */
    long timeoutMillis(byte[][] argv, long nowMillis) {
        int at = switch (this) {
            case LIST_POP, ZSET_POP -> argv.length - 1;
            case LIST_MOVE -> argv.length == 4 ? 3 : 5;
            case LIST_MPOP, ZSET_MPOP -> 1;
            case STREAM -> blockArg(argv);
        };
        try {
            if (this == STREAM) return at < 0 ? -1 : BlockingTimeout.millis(argv[at], nowMillis);
            return BlockingTimeout.seconds(argv[at], nowMillis);
        } catch (CommandError refused) {
            return -1;
        }
    }

    private static int blockArg(byte[][] argv) {
        for (int i = 1; i + 1 < argv.length; i++) {
            if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("block")) return i + 1;
        }
        return -1;
    }

    /** The keys the client waits on, in argument order (duplicates dropped). */
    List<byte[]> keys(byte[][] argv) {
        List<byte[]> out = new ArrayList<>();
        switch (this) {
            case LIST_POP, ZSET_POP -> {
                for (int i = 1; i < argv.length - 1; i++) add(out, argv[i]);
            }
            case LIST_MOVE -> add(out, argv[1]);
            case LIST_MPOP, ZSET_MPOP -> {
                Long n = argv.length > 2 ? Nums.parseLongOr(argv[2], null) : null;
                for (int i = 0; n != null && i < n && 3 + i < argv.length; i++) add(out, argv[3 + i]);
            }
            case STREAM -> {
                int from = streamsAt(argv, false);
                int n = from == 0 ? 0 : (argv.length - from) / 2;
                for (int i = 0; i < n; i++) add(out, argv[from + i]);
            }
        }
        return out;
    }

    private static void add(List<byte[]> keys, byte[] k) {
        for (byte[] have : keys) if (java.util.Arrays.equals(have, k)) return;
        keys.add(k);
    }

    /**
     * The command that serves the client from {@code key} alone, as Redis serves a blocked client
     * from the key that became ready: same command, that key in place of the list of keys.
     */
    byte[][] serving(byte[][] argv, byte[] key) {
        return switch (this) {
            case LIST_POP, ZSET_POP -> new byte[][] {argv[0], key, argv[argv.length - 1]};
            case LIST_MOVE, STREAM -> argv;
            case LIST_MPOP, ZSET_MPOP -> {
                int n = (int) (long) Nums.parseLongOr(argv[2], 0L);
                byte[][] out = new byte[argv.length - n + 1][];
                out[0] = argv[0];
                out[1] = argv[1];
                out[2] = "1".getBytes(StandardCharsets.US_ASCII);
                out[3] = key;
                System.arraycopy(argv, 3 + n, out, 4, argv.length - 3 - n);
                yield out;
            }
        };
    }

    /** Whether a reply the store wrote in {@code protocol} says nothing was there. */
    boolean isEmpty(byte[] reply, int protocol) {
        if (protocol == 3) return reply.length == 3 && reply[0] == '_';
        return reply.length == 5 && reply[0] == (emptyIsArray ? '*' : '$') && reply[1] == '-' && reply[2] == '1';
    }
}

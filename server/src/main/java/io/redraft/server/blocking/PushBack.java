package io.redraft.server.blocking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command that puts back what a pop took for a client that left before the pop was applied
 * (its RESP2 reply says what was taken): LPUSH / RPUSH to the end it came from, ZADD with the
 * scores. A move (BLMOVE, BRPOPLPUSH) needs none: its element is in the destination list.
 */
final class PushBack {
    private PushBack() {
    }

    /** The command undoing {@code served}'s pop, whose RESP2 reply is {@code reply}; null when there is none. */
    static byte[][] of(BlockingKind kind, byte[][] served, byte[] reply) {
        Object r = new Reader(reply).read();
        if (!(r instanceof List<?> top)) return null;
        String name = new String(served[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        List<byte[]> cmd = new ArrayList<>();
        switch (kind) {
            case LIST_POP -> {
                cmd.add(bytes(name.equals("blpop") ? "LPUSH" : "RPUSH"));
                cmd.add((byte[]) top.get(0));
                cmd.add((byte[]) top.get(1));
            }
            case LIST_MPOP -> {
                boolean left = new String(served[4], StandardCharsets.ISO_8859_1).equalsIgnoreCase("left");
                cmd.add(bytes(left ? "LPUSH" : "RPUSH"));
                cmd.add((byte[]) top.get(0));
                List<?> values = (List<?>) top.get(1);
                for (int i = values.size() - 1; i >= 0; i--) cmd.add((byte[]) values.get(i));
            }
            case ZSET_POP -> {
                cmd.add(bytes("ZADD"));
                cmd.add((byte[]) top.get(0));
                cmd.add((byte[]) top.get(2));
                cmd.add((byte[]) top.get(1));
            }
            case ZSET_MPOP -> {
                cmd.add(bytes("ZADD"));
                cmd.add((byte[]) top.get(0));
                for (Object o : (List<?>) top.get(1)) {
                    List<?> pair = (List<?>) o;
                    cmd.add((byte[]) pair.get(1));
                    cmd.add((byte[]) pair.get(0));
                }
            }
            case LIST_MOVE -> {
                return null;
            }
        }
        return cmd.toArray(byte[][]::new);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Just enough RESP2 for the store's pop replies: arrays and bulk strings. */
    private static final class Reader {
        private final byte[] b;
        private int at;

        Reader(byte[] b) {
            this.b = b;
        }

        Object read() {
            byte type = b[at++];
            int n = Integer.parseInt(line());
            if (n < 0) return null;
            if (type == '$') {
                byte[] v = java.util.Arrays.copyOfRange(b, at, at + n);
                at += n + 2;
                return v;
            }
            if (type != '*') return null;
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(read());
            return out;
        }

        private String line() {
            int from = at;
            while (b[at] != '\r') at++;
            String s = new String(b, from, at - from, StandardCharsets.US_ASCII);
            at += 2;
            return s;
        }
    }
}

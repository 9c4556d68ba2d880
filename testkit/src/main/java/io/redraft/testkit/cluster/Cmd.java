package io.redraft.testkit.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Any command through Jedis, RAFT.* included, by name. Bulk strings come back as Java strings,
 * arrays as lists; an error reply is thrown as Jedis's {@code JedisDataException} (whose message
 * is the error without its leading '-'; MOVED arrives as {@code JedisMovedDataException}).
 */
public final class Cmd {
    private Cmd() {}

    public static Object call(Jedis jedis, String... words) {
        if (words.length == 0) throw new IllegalArgumentException("no command");
        Object reply = jedis.sendCommand(new Named(words[0]), Arrays.copyOfRange(words, 1, words.length));
        return decode(reply);
    }

    /** A status or bulk reply as a string (null for a nil bulk). */
    public static String string(Jedis jedis, String... words) {
        Object r = call(jedis, words);
        return r == null ? null : r.toString();
    }

    static Object decode(Object reply) {
        if (reply instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (reply instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(decode(o));
            return out;
        }
        return reply;
    }

    private record Named(String name) implements ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }
}

package io.redraft.server.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code RAFT.IMPORT <term> <migration session key> <key> <dump> ...}: one batch of a migration,
 * sent by the source group's leader to the target group (reference §9.5). The term and session
 * key let the target refuse a batch from a deposed leader or a superseded migration.
 *
 * <p>Redraft adds what RedisRaft loses: a DUMP payload carries no TTL, so when a key has one the
 * batch ends with {@code redraft-ttl} and each key's absolute expiry in ms (0 = none). The plain
 * form stays RedisRaft's.
 */
public record ImportRequest(long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps, List<Long> expiries) {
    public static final String TTL_MARK = "redraft-ttl";

    public static ImportRequest parse(byte[][] argv) throws ShardGroupError {
        if (argv.length < 5) throw ShardGroupError.wrongArity();
        int pairs;
        boolean withTtl = false;
        if ((argv.length - 3) % 2 == 0) {
            pairs = (argv.length - 3) / 2;
        } else {
            // 3 + 2n pairs + 1 mark + n expiries
            pairs = (argv.length - 4) / 3;
            if ((argv.length - 4) % 3 != 0 || pairs == 0 || !text(argv[3 + 2 * pairs]).equals(TTL_MARK)) {
                throw ShardGroupError.wrongArity();
            }
            withTtl = true;
        }
        var term = ShardGroupArgs.number(argv[1]);
        if (term.isEmpty() || term.getAsLong() < 0) throw new ShardGroupError("ERR failed to parse raft term");
        var key = ShardGroupArgs.number(argv[2]);
        if (key.isEmpty() || key.getAsLong() < 0) {
            throw new ShardGroupError("ERR failed to parse import migration session key");
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> dumps = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            keys.add(argv[3 + 2 * i]);
            dumps.add(argv[4 + 2 * i]);
            if (!withTtl) {
                expiries.add(0L);
                continue;
            }
            var at = ShardGroupArgs.number(argv[4 + 2 * pairs + i]);
            if (at.isEmpty() || at.getAsLong() < 0) throw new ShardGroupError("ERR failed to parse key expiry");
            expiries.add(at.getAsLong());
        }
        return new ImportRequest(term.getAsLong(), key.getAsLong(), keys, dumps, expiries);
    }

    /** The command that carries this batch, in the plain form when no key has a TTL. */
    public byte[][] toCommand() {
        boolean withTtl = expiries.stream().anyMatch(e -> e != 0);
        List<byte[]> argv = new ArrayList<>(Arrays.asList(b("RAFT.IMPORT"), b(Long.toString(term)), b(Long.toString(sessionKey))));
        for (int i = 0; i < keys.size(); i++) {
            argv.add(keys.get(i));
            argv.add(dumps.get(i));
        }
        if (withTtl) {
            argv.add(b(TTL_MARK));
            for (long e : expiries) argv.add(b(Long.toString(e)));
        }
        return argv.toArray(new byte[0][]);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

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
 *
 * <p>A key whose DUMP payload is bigger than one batch ({@code raft.migration-batch-size}) travels
 * in parts, one key per command, RedisRaft's layout with both tails:
 * {@code RAFT.IMPORT <term> <session> <key> <bytes> redraft-ttl <expiry> redraft-part <offset> <total>},
 * where {@code bytes} are the payload's bytes from {@code offset} and {@code total} the payload's
 * length, or {@code more} in every part but the last: the source makes the payload as it sends it,
 * so it knows the length only with the last part. That argument count with {@code redraft-part} in that place is not a valid plain or TTL
 * batch, so the forms cannot be confused. The target applies the key when the last part arrives.
 */
public record ImportRequest(long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps, List<Long> expiries,
                            long offset, long total) {
    public static final String TTL_MARK = "redraft-ttl";
    public static final String PART_MARK = "redraft-part";
    /** {@link #total} of a batch of whole keys. */
    public static final long WHOLE = -1;
    /** {@link #total} of a part that is not the last: the payload's length is not known yet. */
    public static final long MORE = -2;
    private static final String MORE_TEXT = "more";

    public ImportRequest(long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps, List<Long> expiries) {
        this(term, sessionKey, keys, dumps, expiries, 0, WHOLE);
    }

    /** One part of a big key's payload. */
    public static ImportRequest part(long term, long sessionKey, byte[] key, byte[] bytes, long expiry, long offset, long total) {
        return new ImportRequest(term, sessionKey, List.of(key), List.of(bytes), List.of(expiry), offset, total);
    }

    public boolean isPart() {
        return total != WHOLE;
    }

    public static ImportRequest parse(byte[][] argv) throws ShardGroupError {
        if (argv.length < 5) throw ShardGroupError.wrongArity();
        if (argv.length == 10 && text(argv[7]).equals(PART_MARK)) return parsePart(argv);
        int pairs;
        boolean withTtl = false;
        // 3 + 2n pairs + 1 mark + n expiries; checked first because for odd n that count is also
        // even after the first 3 (one key with a TTL would read as two plain pairs).
        int ttlPairs = (argv.length - 4) / 3;
        if ((argv.length - 4) % 3 == 0 && ttlPairs > 0 && text(argv[3 + 2 * ttlPairs]).equals(TTL_MARK)) {
            pairs = ttlPairs;
            withTtl = true;
        } else if ((argv.length - 3) % 2 == 0) {
            pairs = (argv.length - 3) / 2;
        } else {
            throw ShardGroupError.wrongArity();
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

    private static ImportRequest parsePart(byte[][] argv) throws ShardGroupError {
        if (!text(argv[5]).equals(TTL_MARK)) throw ShardGroupError.wrongArity();
        var term = ShardGroupArgs.number(argv[1]);
        if (term.isEmpty() || term.getAsLong() < 0) throw new ShardGroupError("ERR failed to parse raft term");
        var key = ShardGroupArgs.number(argv[2]);
        if (key.isEmpty() || key.getAsLong() < 0) {
            throw new ShardGroupError("ERR failed to parse import migration session key");
        }
        var at = ShardGroupArgs.number(argv[6]);
        if (at.isEmpty() || at.getAsLong() < 0) throw new ShardGroupError("ERR failed to parse key expiry");
        var offset = ShardGroupArgs.number(argv[8]);
        boolean more = text(argv[9]).equals(MORE_TEXT);
        var total = more ? java.util.OptionalLong.of(MORE) : ShardGroupArgs.number(argv[9]);
        if (offset.isEmpty() || total.isEmpty() || offset.getAsLong() < 0
                || (!more && offset.getAsLong() + argv[4].length > total.getAsLong())) {
            throw new ShardGroupError("ERR invalid import part offset or length");
        }
        return part(term.getAsLong(), key.getAsLong(), argv[3], argv[4], at.getAsLong(), offset.getAsLong(), total.getAsLong());
    }

    /** The command that carries this batch, in the plain form when no key has a TTL. */
    public byte[][] toCommand() {
        if (isPart()) {
            return new byte[][] {b("RAFT.IMPORT"), b(Long.toString(term)), b(Long.toString(sessionKey)), keys.get(0),
                dumps.get(0), b(TTL_MARK), b(Long.toString(expiries.get(0))), b(PART_MARK), b(Long.toString(offset)),
                b(total == MORE ? MORE_TEXT : Long.toString(total))};
        }
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

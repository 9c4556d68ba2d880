package io.redraft.server.shard;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code RAFT.IMPORT <term> <migration session key> <key> <dump> ...}: one batch of a migration,
 * sent by the source group's leader to the target group (reference §9.5). The term and session
 * key let the target refuse a batch from a deposed leader or a superseded migration.
 */
public record ImportRequest(long term, long sessionKey, List<byte[]> keys, List<byte[]> dumps) {
    public static ImportRequest parse(byte[][] argv) throws ShardGroupError {
        if (argv.length < 5 || (argv.length - 3) % 2 != 0) throw ShardGroupError.wrongArity();
        var term = ShardGroupArgs.number(argv[1]);
        if (term.isEmpty() || term.getAsLong() < 0) throw new ShardGroupError("ERR failed to parse raft term");
        var key = ShardGroupArgs.number(argv[2]);
        if (key.isEmpty() || key.getAsLong() < 0) {
            throw new ShardGroupError("ERR failed to parse import migration session key");
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> dumps = new ArrayList<>();
        for (int i = 3; i < argv.length; i += 2) {
            keys.add(argv[i]);
            dumps.add(argv[i + 1]);
        }
        return new ImportRequest(term.getAsLong(), key.getAsLong(), keys, dumps);
    }
}

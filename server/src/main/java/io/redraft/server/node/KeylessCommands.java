package io.redraft.server.node;

import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import java.util.Arrays;

/**
 * The commands that touch no data and that the node answers outside the log: PING (route NODE),
 * ECHO and SELECT (route LOCAL, once intercepted). PING and ECHO are the store's own
 * implementation, the one {@code RAFT PING} and a MULTI's ECHO run at apply, here on a store that
 * never holds a key, so that both paths answer byte for byte alike.
 */
public final class KeylessCommands {
    private static final Store KEYLESS = new Store();

    private KeylessCommands() {}

    /** PING or ECHO as the store answers them, in the client's protocol. Node thread only. */
    public static void run(byte[][] argv, int protocol, ReplySink out) {
        KEYLESS.execute(Arrays.asList(argv), new ExecContext(0, 0, protocol), out);
    }

    /** SELECT: only database 0 exists (as RedisRaft, which refuses the others). */
    public static void select(byte[][] argv, ReplySink out) {
        if (argv.length != 2) {
            out.error(Replies.arity("select"));
            return;
        }
        long[] n = new long[1];
        if (!RedisNumbers.parseLong(argv[1], n) || n[0] < Integer.MIN_VALUE || n[0] > Integer.MAX_VALUE) {
            out.error(Replies.NOT_INTEGER);
        } else if (n[0] != 0) {
            out.error("ERR DB index is out of range");
        } else {
            out.status("OK");
        }
    }
}

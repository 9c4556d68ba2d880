package io.redraft.server.node;

import io.redraft.resp.ReplySink;

/**
 * RESET as Redis 7.0's clearClientConnectionState: the connection returns to how it began,
 * without closing it. Its MULTI and WATCHes are dropped, its subscriptions and tracking end (no
 * unsubscribe messages), it speaks RESP2 again, loses its name and is authenticated as a fresh
 * connection would be.
 */
final class ResetCommand {
    private final NodeThread node;

    ResetCommand(NodeThread node) {
        this.node = node;
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 1) {
            out.error(Replies.arity("reset"));
            return;
        }
        if (s.multi() != null) s.endMulti();
        s.unwatch();
        node.pubsub().forget(s);
        s.protocol = 2;
        s.name = null;
        s.authenticated = node.context().config.requirepass().isEmpty();
        node.sink(s).status("RESET");
    }
}

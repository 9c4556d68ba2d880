package io.redraft.server.script;

import io.redraft.script.ScriptActivity;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Redis's answers while a script is busy (past {@code busy-reply-threshold}): other clients get
 * {@code -BUSY}, SCRIPT KILL and FUNCTION KILL reach the script. The node thread is running the
 * script, so these are answered by the connections' event loops, from {@link ScriptActivity}'s
 * shared state; nothing here touches the node's state.
 *
 * <p>Only connections served by an event loop other than the node's can be answered meanwhile
 * ({@code io-threads} 2 or more): the node's own loop is the thread running the script, and its
 * connections' requests wait for the script's end as for any long command. A connection is also
 * left to wait when it has requests in flight, replies the node has not flushed yet, or an open
 * MULTI, so that a BUSY can never overtake an earlier reply or drop a command from a transaction.
 * RAFT.* requests (the other nodes' messages) are never refused: they wait for the node as before.
 */
public final class BusyScripts {
    private final ScriptActivity activity;
    private volatile Set<Long> leaveQueued = Set.of();

    public BusyScripts(ScriptActivity activity, NodeThread node, ServerConfig config) {
        this.activity = activity;
        activity.threshold(config::busyReplyThresholdMs);
        activity.onBusy(() -> leaveQueued = node.sessionsToLeaveQueued());
    }

    /** The gate of {@code store}'s scripting extension, or null when it has none. */
    public static BusyScripts of(io.redraft.store.Store store, NodeThread node, ServerConfig config) {
        io.redraft.script.Scripting scripting = store.extension(io.redraft.script.Scripting.class);
        return scripting == null ? null : new BusyScripts(scripting.activity(), node, config);
    }

    /** Event loop: the reply to send now instead of handing {@code argv} to the node, or null to hand it over. */
    public byte[] intercept(ClientSession s, byte[][] argv) {
        if (!activity.busy() || s.inflight.get() != 0 || !s.authenticated() || leaveQueued.contains(s.id)) return null;
        String reply;
        if (argv.length == 2 && is(argv[1], "kill") && is(argv[0], "script")) {
            reply = activity.kill(false);
        } else if (argv.length == 2 && is(argv[1], "kill") && is(argv[0], "function")) {
            reply = activity.kill(true);
        } else if (argv.length >= 1 && (is(argv[0], "shutdown") || is(argv[0], "auth") || is(argv[0], "hello"))) {
            // AUTH and HELLO are allowed while busy in Redis too (the heartbeat keeper's links start with AUTH);
            // all three are served once the script ends (SHUTDOWN NOSAVE cannot cut the node thread short here).
            return null;
        } else if (argv.length >= 1 && argv[0].length > 5 && is(java.util.Arrays.copyOf(argv[0], 5), "raft.")) {
            // Other nodes' messages (AppendEntries, the heartbeat keeper's, votes) wait for the node:
            // a follower busy in the same logged script must still see its leader's heartbeats.
            return null;
        } else {
            reply = activity.busyError();
        }
        if (reply == null) return null; // it ended meanwhile
        return ((ScriptActivity.isError(reply) ? "-" : "+") + reply + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean is(byte[] arg, String word) {
        return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
    }
}

package io.redraft.server.client;

import io.redraft.server.command.DataCommands;
import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.command.Route;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Replies;
import io.redraft.server.pubsub.PubSubCommands;
import io.redraft.store.CommandFlag;
import io.redraft.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH, and the queueing in between, as RedisRaft does them: a
 * transaction is one request, logged whole (or, when it only reads, confirmed as one read); the
 * WATCHed keys' versions travel in its entry, so every replica takes the same abort decision.
 * Node thread only.
 */
final class Transactions {
    private final RaftRuntime rt;
    private final ClientPath path;

    Transactions(RaftRuntime rt, ClientPath path) {
        this.rt = rt;
        this.path = path;
    }

    /** Whether {@code name} is queued rather than run: the session is inside MULTI. */
    static boolean queues(ClientSession s, ClientRequest r) {
        // UNWATCH is queued, as in Redis; the other transaction commands act at once.
        return s.multi() != null && (r.route() != Route.TRANSACTION || r.commandName().equals("unwatch"));
    }

    /** Queues a command inside MULTI. */
    void queue(ClientSession s, ClientRequest r, ReplySink out) {
        // RedisRaft's MULTI refuses, and fails the transaction for, what it cannot queue:
        // unsupported commands, and node-local ones that got here through an explicit RAFT prefix.
        int flags = CommandSpecs.of(r.commandName(), rt.router().ignored());
        if ((flags & CommandSpecs.UNSUPPORTED) != 0) {
            s.failMulti();
            out.error("ERR not supported by RedisRaft");
        } else if ((flags & CommandSpecs.DONT_INTERCEPT) != 0 && !r.commandName().equals("publish")) {
            // (PUBLISH keeps RedisRaft's don't-intercept flag, yet Redraft logs it like a write: it is queued.)
            s.failMulti();
            out.error("ERR not supported by RedisRaft inside MULTI/EXEC");
        } else if (!ClientPath.dryRun(r, out) || MemoryLimit.refusesQueued(rt, out)) {
            s.failMulti();
        } else {
            s.queueInMulti(r.command());
            out.status("QUEUED");
        }
    }

    /** MULTI, DISCARD, EXEC, WATCH or UNWATCH. */
    void command(ClientSession s, String name, byte[][] argv, ReplySink out) {
        switch (name) {
            case "multi" -> {
                if (argv.length != 1) out.error("ERR wrong number of arguments for 'multi' command");
                else if (s.multi() != null && MemoryLimit.refusesQueued(rt, out)) s.failMulti();
                else if (s.multi() != null) out.error("ERR MULTI calls can not be nested");
                else {
                    s.beginMulti();
                    out.status("OK");
                }
            }
            case "discard" -> {
                if (s.multi() == null) out.error("ERR DISCARD without MULTI");
                else {
                    s.endMulti();
                    s.unwatch();
                    out.status("OK");
                }
            }
            case "exec" -> exec(s, out);
            default -> watch(s, name, argv, out);
        }
    }

    private void watch(ClientSession s, String name, byte[][] argv, ReplySink out) {
        if (name.equals("watch") && s.multi() != null) {
            if (argv.length >= 2 && MemoryLimit.refusesQueued(rt, out)) s.failMulti();
            else out.error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        if (name.equals("watch") && argv.length < 2) {
            out.error(Replies.arity("watch"));
            return;
        }
        // Through the follower proxy WATCH stays here: the versions must travel with this
        // client's EXEC, and the leader's proxy connection is shared by every client. A
        // follower's applied state is a prefix of the leader's, so a version read here is
        // at worst older: EXEC then aborts, it never misses a change made after WATCH.
        String refusal = rt.stateError();
        if (refusal == null && name.equals("watch")) {
            // WATCH is a keyed command: its keys must be served here and share one slot.
            String slot = path.slotRefusal(Arrays.asList(argv).subList(1, argv.length));
            if (slot != null) {
                out.error(slot);
                return;
            }
        }
        if (refusal == null) refusal = rt.leaderError();
        if (refusal != null && !(refusal.startsWith("MOVED ") && rt.config().followerProxy())) {
            out.error(refusal);
            return;
        }
        if (name.equals("unwatch")) {
            s.unwatch();
        } else {
            // The version is read from this node's applied state. Writes committed but not
            // yet applied here make EXEC abort although Redis might not: that is a WATCH
            // ordered before them, which is still linearizable, never a missed change.
            long now = rt.clock().millis();
            for (int i = 1; i < argv.length; i++) s.watch(argv[i], rt.store().keyVersion(argv[i], now));
        }
        out.status("OK");
    }

    private void exec(ClientSession s, ReplySink out) {
        if (s.multi() == null) {
            out.error("ERR EXEC without MULTI");
            return;
        }
        boolean failed = s.multiFailed();
        List<byte[][]> commands = s.endMulti();
        List<byte[]> watched = List.copyOf(s.watched());
        s.unwatch();
        if (failed) {
            out.error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        commands = aclRechecked(s, commands);
        if (!watched.isEmpty()) {
            // The versions travel in the entry, so every replica takes the same abort decision.
            byte[][] check = new byte[watched.size() + 1][];
            check[0] = Store.EXEC_WATCHED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < watched.size(); i++) check[i + 1] = watched.get(i);
            List<byte[][]> withCheck = new ArrayList<>(commands.size() + 1);
            withCheck.add(check);
            withCheck.addAll(commands);
            commands = withCheck;
        }
        run(s, commands, out);
    }

    /**
     * Redis 7.0 checks the queued commands again at EXEC: one the user's rules no longer allow
     * (an ACL SETUSER committed since it was queued) does not run and its NOPERM error takes its
     * place in the reply, the others run. The error travels in the entry as {@code exec-denied},
     * so every replica answers the same.
     */
    private List<byte[][]> aclRechecked(ClientSession s, List<byte[][]> commands) {
        List<byte[][]> out = null;
        for (int i = 0; i < commands.size(); i++) {
            String refusal = rt.node().context().acl.execRefusal(s, commands.get(i));
            if (refusal == null) continue;
            if (out == null) out = new ArrayList<>(commands);
            out.set(i, new byte[][] {Store.EXEC_DENIED.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    refusal.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)});
        }
        return out == null ? commands : out;
    }

    /** An EXEC'd transaction (or a proxied one): logged whole, or read when it only reads. */
    void run(ClientSession s, List<byte[][]> commands, ReplySink out) {
        if (PubSubCommands.onlyQueued(commands)) { // subscriptions only: no data, this node answers
            rt.node().pubsub().execLocally(s, commands, out);
            return;
        }
        path.number(s, commands, true);
        if (path.refusedOrProxied(s, commands, true, out)) return;
        if (MemoryLimit.refusesExec(rt, commands, out)) return;
        if (commands.isEmpty()) {
            out.arrayHeader(0);
            return;
        }
        boolean readOnly = true;
        for (byte[][] c : commands) {
            if (PubSubCommands.queuedName(c) != null) continue; // run by this node at apply (PubSub.ranInExec)
            var spec = DataCommands.table().lookup(Arrays.asList(c));
            if (spec == null) { // only a forged RAFT.ENTRY gets here: MULTI dry-runs what it queues
                out.error(DataCommands.table().unknownError(Arrays.asList(c)));
                return;
            }
            readOnly &= spec.has(CommandFlag.READONLY);
        }
        // A transaction of reads takes the read path: no log entry (reference §6.2).
        if (readOnly) path.read(s, commands, true, out);
        else path.write(s, commands, true);
    }

    /**
     * Writes an EXEC's array header and returns the commands to run: none, after a null array,
     * when a watched key changed since WATCH (as Redis's EXEC), else those after the check.
     */
    static List<byte[][]> body(Store store, List<byte[][]> commands, long now, ReplySink out) {
        if (!commands.isEmpty() && lower(commands.get(0)[0]).equals(Store.EXEC_WATCHED)) {
            if (!store.watchedUnchanged(Arrays.asList(commands.get(0)), now)) {
                out.nullArray();
                return List.of();
            }
            commands = commands.subList(1, commands.size());
        }
        out.arrayHeader(commands.size());
        return commands;
    }
}

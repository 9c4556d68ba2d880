package io.redraft.server.node;

import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.Classification;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommandTable;
import io.redraft.store.CommandTable;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded request and what the command table made of it, worked out once on the connection's
 * event loop: the node's queues hold these, and every later decision (node-local or intercepted,
 * pipelined or not, read or log) reads the classification instead of looking the name up again.
 * Slot routing and ACL checks read {@link #classification()} too ({@code keys()}, ACL categories).
 *
 * <p>{@link #argv()} is the request as sent; {@link #command()} is what runs: the same words, or
 * for {@code RAFT <command>} the inner command. The store's entry is resolved here as well, so
 * that the dry run (unknown command or subcommand, arity) needs no second lookup.
 */
public final class ClientRequest {
    private final byte[][] argv;
    private final Classification classification;
    private final byte[][] command;
    private final CommandTable.Entry storeEntry;

    public ClientRequest(byte[][] argv, Classification classification) {
        this.argv = argv;
        this.classification = classification;
        this.command = classification.prefixed() ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
        Route r = classification.route();
        // Internal store commands are the leader's to log, never a client's: unknown to the dry run.
        this.storeEntry = r == Route.INTERNAL || r == Route.NODE ? null : storeEntry(classification.command(), command);
    }

    /**
     * The store's entry for the words that run, read from the table's entry instead of a second
     * lookup. The table answers an unknown subcommand with its container; the store has no entry
     * for it then, so that the dry run reports the unknown subcommand.
     */
    static CommandTable.Entry storeEntry(ServerCommand c, byte[][] command) {
        if (c == null) return null;
        CommandTable.Entry e = c.storeEntry();
        boolean containerWithWord = e != null && e.handler() == null && !c.isSubcommand() && command.length > 1;
        return containerWithWord ? null : e;
    }

    /** Classifies a request as a client sent it. */
    public static ClientRequest decoded(byte[][] argv) {
        return new ClientRequest(argv, ServerCommandTable.get().classify(argv));
    }

    /**
     * Classifies a command that is intercepted whatever it is (one a follower proxied to us, the
     * inner command of {@code RAFT <command>}): as {@code RAFT <command>} is classified.
     */
    public static ClientRequest intercepted(byte[][] command) {
        byte[][] prefixed = new byte[command.length + 1][];
        prefixed[0] = RAFT;
        System.arraycopy(command, 0, prefixed, 1, command.length);
        return decoded(prefixed);
    }

    private static final byte[] RAFT = {'r', 'a', 'f', 't'};

    public byte[][] argv() {
        return argv;
    }

    /** The words that run: argv, without the RAFT word of a prefixed request. */
    public byte[][] command() {
        return command;
    }

    public Classification classification() {
        return classification;
    }

    public Route route() {
        return classification.route();
    }

    /** The command's lower-case name as sent (for RAFT &lt;command&gt;: {@code raft}). */
    public String name() {
        return Replies.lower(argv[0]);
    }

    /** The lower-case name of the command that runs, top-level ({@code client} for CLIENT SESSION NEW). */
    public String commandName() {
        return Replies.lower(command[0]);
    }

    /**
     * The store's entry for a data command, when the store runs it with this many arguments:
     * null for anything else (a dry run fails: unknown command, unknown subcommand or arity).
     */
    public CommandTable.Entry runnable() {
        CommandTable.Entry e = storeEntry;
        return e != null && e.handler() != null && e.spec().arityOk(command.length) ? e : null;
    }

    /** The store's entry as resolved (null when the store has none), for its own error replies. */
    public CommandTable.Entry storeEntry() {
        return storeEntry;
    }

    public List<byte[]> commandList() {
        return Arrays.asList(command);
    }

    @Override
    public String toString() {
        return "ClientRequest[" + commandName() + ", " + classification.route() + "]";
    }
}

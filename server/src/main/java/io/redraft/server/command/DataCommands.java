package io.redraft.server.command;

import io.redraft.script.Scripting;
import io.redraft.server.pubsub.PublishCommands;
import io.redraft.store.CommandTable;
import io.redraft.store.Store;
import io.redraft.store.StoreExtension;

/**
 * The data commands a node runs: the store's own and those of its extensions (scripting). The
 * store of a node is built with {@link #extensions}; everything that only needs the commands'
 * specs (classification, COMMAND, the dry run of MULTI) reads {@link #table()}, built once from a
 * store that never holds data, so the two cannot disagree about which commands exist.
 */
public final class DataCommands {
    private static final CommandTable TABLE = new Store(extensions(null, io.redraft.server.acl.Acl.detached())).commandTable();

    private DataCommands() {
    }

    /**
     * Fresh extensions for one store: each holds that store's script cache and libraries;
     * PUBLISH delivers to {@code publisher}'s subscribers (the node's; null for none), and the ACL
     * commands that go through the log change {@code acl}'s users (a node's; detached for none).
     */
    public static StoreExtension[] extensions(PublishCommands.Publisher publisher, StoreExtension acl) {
        Scripting scripting = new Scripting();
        if (acl instanceof io.redraft.script.ScriptAcl checks) scripting.acl(checks); // redis.call is checked against the caller
        return new StoreExtension[] {scripting, new PublishCommands(publisher), acl};
    }

    /** Specs (and handlers bound to no node's data) of every data command. */
    public static CommandTable table() {
        return TABLE;
    }
}

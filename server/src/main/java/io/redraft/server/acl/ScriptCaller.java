package io.redraft.server.acl;

import io.redraft.script.ScriptAcl;
import io.redraft.server.command.ServerCommandTable;
import io.redraft.server.node.ClientSession;
import java.util.List;

/**
 * Redis 7.0's scriptVerifyACL: a command a script calls is checked against the user of the
 * client that called the script. Scripts run when their entry applies, on every node, so the
 * user travels in the entry ({@code CommandBatch.Request#user}) and is checked against the user
 * table as it stands at that point of the log, which is the same on every node: all replicas
 * refuse the same calls. Node thread only.
 */
final class ScriptCaller implements ScriptAcl {
    private final Acl acl;
    /** The calling user; null: no check (an entry from before the user was carried). */
    private String user;
    private ClientSession live;

    ScriptCaller(Acl acl) {
        this.acl = acl;
    }

    void caller(String user, ClientSession live) {
        this.user = user;
        this.live = live;
    }

    @Override
    public String refusal(List<byte[]> argv) {
        Acl.Checked v = verdict(argv);
        if (v == null || v.denial() == null) return null;
        byte[][] words = argv.toArray(new byte[0][]);
        // ACL LOG is the node's record of its own clients' refusals: the client's node keeps it.
        if (live != null) acl.record("lua", user, v.command(), v.denial(), words, acl.describe(live));
        return switch (v.denial().reason()) {
            case COMMAND -> "ERR The user executing the script can't run this command or subcommand";
            case KEY -> "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments";
            case CHANNEL -> "ERR The user executing the script can't publish to the channel mentioned in the command";
        };
    }

    @Override
    public boolean allows(List<byte[]> argv) {
        Acl.Checked v = verdict(argv);
        return v == null || v.denial() == null;
    }

    private Acl.Checked verdict(List<byte[]> argv) {
        if (user == null || argv.isEmpty()) return null;
        byte[][] words = argv.toArray(new byte[0][]);
        return acl.check(acl.users().get(user), ServerCommandTable.get().classify(words), words);
    }
}

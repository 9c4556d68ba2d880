package io.redraft.server.blocking;

import io.redraft.resp.ReplySink;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.store.Nums;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CLIENT UNBLOCK client-id [TIMEOUT|ERROR], as Redis 7.0's clientCommand: a client blocked on
 * keys on this node is answered as if it timed out (the default) or with an UNBLOCKED error;
 * the reply is 1 when it was blocked, else 0. A client whose pop is already in the log gets
 * that pop's element if it took one (see {@link BlockedClients#unblock}).
 */
public final class ClientUnblock {
    private ClientUnblock() {
    }

    public static void run(NodeThread node, byte[][] argv, ReplySink out) {
        if (argv.length < 3) {
            out.error("ERR wrong number of arguments for 'client|unblock' command");
            return;
        }
        if (argv.length > 4) {
            out.error("ERR unknown subcommand or wrong number of arguments for '"
                    + new String(argv[1], StandardCharsets.ISO_8859_1) + "'. Try CLIENT HELP.");
            return;
        }
        boolean error = false;
        if (argv.length == 4) {
            String reason = new String(argv[3], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (reason.equals("error")) error = true;
            else if (!reason.equals("timeout")) {
                out.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        Long id = Nums.parseLongOr(argv[2], null);
        if (id == null) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        ClientSession target = node.session(id);
        out.integer(target != null && node.unblock(target, error) ? 1 : 0);
    }
}

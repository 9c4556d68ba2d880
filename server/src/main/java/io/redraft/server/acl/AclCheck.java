package io.redraft.server.acl;

import io.redraft.server.command.KeyRef;
import io.redraft.server.command.ServerCommand;
import java.util.List;
import java.util.function.Supplier;

/**
 * Redis 7.0's ACLCheckAllUserCommandPerm: a command runs when one of the user's selectors allows
 * the command, every key with the access its key spec says, and every channel it publishes or
 * subscribes to. When none does, the most relevant denial is reported (channel over key over
 * command, then the later argument), as Redis picks it.
 */
final class AclCheck {
    enum Reason { COMMAND, KEY, CHANNEL }

    /** Why a command is refused; {@code pos}: the argument (in argv as given) that failed, 0 for the command. */
    record Denial(Reason reason, int pos) {}

    private AclCheck() {}

    /**
     * @param from where the command starts in argv (1 behind a RAFT prefix); key positions count from argv[0]
     * @return null when allowed
     */
    static Denial check(AclUser u, int bit, ServerCommand cmd, byte[][] argv, int from, Supplier<List<KeyRef>> keys) {
        if (cmd.info().has("no_auth")) return null; // AUTH, HELLO, QUIT, RESET: every user's, as in Redis
        Denial relevant = new Denial(Reason.COMMAND, 0);
        for (Selector s : u.allSelectors()) {
            Denial d = check(s, bit, cmd, argv, from, keys);
            if (d == null) return null;
            if (d.reason().ordinal() > relevant.reason().ordinal()
                    || (d.reason() == relevant.reason() && d.pos() > relevant.pos())) {
                relevant = d;
            }
        }
        return relevant;
    }

    private static Denial check(Selector s, int bit, ServerCommand cmd, byte[][] argv, int from, Supplier<List<KeyRef>> keys) {
        if (!s.allowsCommand(bit, argv, from)) return new Denial(Reason.COMMAND, 0);
        if (!s.allKeys) {
            for (KeyRef k : keys.get()) { // found only for a user with key patterns
                if (!s.allowsKey(argv[k.pos()], needs(k.flags()))) return new Denial(Reason.KEY, k.pos());
            }
        }
        if (!s.allChannels) {
            String name = cmd.name();
            boolean pattern = name.equals("psubscribe");
            int first;
            int last;
            switch (name) {
                case "publish", "spublish" -> {
                    first = from + 1;
                    last = from + 1;
                }
                case "subscribe", "ssubscribe", "psubscribe" -> {
                    first = from + 1;
                    last = argv.length - 1;
                }
                default -> {
                    return null;
                }
            }
            for (int i = first; i <= last && i < argv.length; i++) {
                if (!s.allowsChannel(argv[i], pattern)) return new Denial(Reason.CHANNEL, i);
            }
        }
        return null;
    }

    /** The access a key spec asks for: read for "access", write for insert, delete or update. */
    private static int needs(List<String> flags) {
        int n = 0;
        for (String f : flags) {
            switch (f) {
                case "access" -> n |= Selector.READ;
                case "insert", "delete", "update" -> n |= Selector.WRITE;
                default -> { }
            }
        }
        return n;
    }
}

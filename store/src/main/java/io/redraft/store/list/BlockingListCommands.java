package io.redraft.store.list;

import io.redraft.store.BlockingTimeout;
import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import io.redraft.store.notify.NotifyFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP as the store runs them: never waiting, exactly as
 * Redis runs them inside MULTI (CLIENT_DENY_BLOCKING). The server makes a client wait when the
 * reply says nothing was there ({@code docs/blocking.md}); the store stays a pure state machine,
 * so the pop that serves a waiting client is an ordinary log entry applied alike everywhere.
 */
public final class BlockingListCommands {
    private BlockingListCommands() {
    }

    public static void register(CommandTable t) {
        t.add("blpop", -3, "write noscript", 1, -2, 1, c -> bpop(c, true));
        t.add("brpop", -3, "write noscript", 1, -2, 1, c -> bpop(c, false));
        t.add("brpoplpush", 4, "write denyoom noscript", 1, 2, 1, c -> {
            BlockingTimeout.seconds(c.arg(3), c.now());
            ListCommands.move(c, false, true);
        });
        t.add("blmove", 6, "write denyoom noscript", 1, 2, 1, BlockingListCommands::blmove);
        t.add("blmpop", -5, "write movablekeys", 0, 0, 0, BlockingListCommands::keys, BlockingListCommands::blmpop);
    }

    /** blockingPopGenericCommand without blocking: the first non-empty list, else a null array. */
    static void bpop(Call c, boolean head) {
        BlockingTimeout.seconds(c.arg(c.argc() - 1), c.now());
        for (int i = 1; i < c.argc() - 1; i++) {
            ListValue l = ListCommands.write(c, i);
            if (l == null || l.size() == 0) {
                continue;
            }
            byte[] v = head ? l.popHead() : l.popTail();
            c.out().arrayHeader(2);
            c.out().bulk(c.arg(i));
            c.out().bulk(v);
            c.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", c.key(i));
            ListCommands.removeIfEmpty(c, c.key(i), l);
            return;
        }
        c.out().nullArray();
    }

    static void blmove(Call c) {
        // Redis reads both directions before the timeout.
        boolean fromLeft = side(c, 3);
        boolean toLeft = side(c, 4);
        BlockingTimeout.seconds(c.arg(5), c.now());
        ListCommands.move(c, fromLeft, toLeft);
    }

    private static boolean side(Call c, int i) {
        if (c.argIs(i, "left")) {
            return true;
        }
        if (c.argIs(i, "right")) {
            return false;
        }
        throw io.redraft.store.Errors.syntax();
    }

    /** BLMPOP timeout numkeys key... LEFT|RIGHT [COUNT n]: LMPOP once the timeout is read. */
    static void blmpop(Call c) {
        BlockingTimeout.seconds(c.arg(1), c.now());
        ListCommands.lmpop(c.withArgv(withoutTimeout(c.argv())));
    }

    /** The argv of the non-blocking form: the timeout at index 1 left out. */
    public static List<byte[]> withoutTimeout(List<byte[]> argv) {
        List<byte[]> out = new ArrayList<>(argv.size() - 1);
        out.add(argv.get(0));
        out.addAll(argv.subList(2, argv.size()));
        return out;
    }

    /** Key positions of {@code CMD timeout numkeys key...}. */
    public static List<Integer> keys(List<byte[]> argv) {
        List<Integer> inner = ListCommands.numkeysFinder(withoutTimeout(argv));
        List<Integer> out = new ArrayList<>(inner.size());
        for (int i : inner) {
            out.add(i + 1);
        }
        return out;
    }
}

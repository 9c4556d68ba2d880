package io.redraft.store.zset;

import io.redraft.store.BlockingTimeout;
import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import io.redraft.store.list.BlockingListCommands;
import io.redraft.store.notify.NotifyFlags;

/**
 * BZPOPMIN, BZPOPMAX, BZMPOP as the store runs them: never waiting, as Redis inside MULTI. The
 * server makes the client wait when nothing was there (see {@link BlockingListCommands}).
 */
public final class BlockingZSetCommands {
    private BlockingZSetCommands() {
    }

    public static void register(CommandTable t) {
        t.add("bzpopmin", -3, "write noscript fast", 1, -2, 1, c -> bzpop(c, true));
        t.add("bzpopmax", -3, "write noscript fast", 1, -2, 1, c -> bzpop(c, false));
        t.add("bzmpop", -5, "write movablekeys", 0, 0, 0, BlockingListCommands::keys, c -> {
            BlockingTimeout.seconds(c.arg(1), c.now());
            ZSetCommands.zmpop(c.withArgv(BlockingListCommands.withoutTimeout(c.argv())));
        });
    }

    /** blockingGenericZpopCommand without blocking: key, member, score of the first non-empty set. */
    static void bzpop(Call c, boolean min) {
        BlockingTimeout.seconds(c.arg(c.argc() - 1), c.now());
        for (int i = 1; i < c.argc() - 1; i++) {
            ZSetValue z = ZSetCommands.write(c, i);
            if (z == null || z.size() == 0) {
                continue;
            }
            SkipList.Node node = min ? z.zsl.first() : z.zsl.tail;
            z.remove(node.member);
            c.out().arrayHeader(3);
            c.out().bulk(c.arg(i));
            c.out().bulk(node.member.array());
            c.out().doubleValue(node.score);
            c.notify(NotifyFlags.ZSET, min ? "zpopmin" : "zpopmax", c.key(i));
            ZSetCommands.removeIfEmpty(c, c.key(i), z);
            return;
        }
        c.out().nullArray();
    }
}

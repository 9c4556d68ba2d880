package io.redraft.store.keys;

import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;

/**
 * MOVE and SWAPDB as Redis 7.0 answers them when started with {@code databases 1} (the only
 * setting Redraft accepts): database 0 exists, every other index is out of range.
 */
public final class SingleDatabase {
    private static final String OUT_OF_RANGE = "ERR DB index is out of range";

    private SingleDatabase() {
    }

    public static void register(CommandTable t) {
        t.add("move", 3, "write fast", 1, 1, 1, SingleDatabase::move);
        t.add("swapdb", 3, "write fast", 0, 0, 0, SingleDatabase::swapdb);
    }

    /** getIntFromObjectOrReply: a long within int range, else {@code msg} or Redis's generic texts. */
    static int intArg(Call c, int i, String msg) {
        Long v = Nums.parseLongOr(c.arg(i), null);
        if (msg != null && (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw new CommandError("ERR " + msg);
        }
        if (v == null) {
            throw Errors.notInteger();
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range, value must between " + Integer.MIN_VALUE
                    + " and " + Integer.MAX_VALUE);
        }
        return v.intValue();
    }

    static void move(Call c) {
        if (intArg(c, 2, null) != 0) {
            throw new CommandError(OUT_OF_RANGE);
        }
        // Moving to the database the key is in: Redis checks this before looking the key up.
        throw new CommandError("ERR source and destination objects are the same");
    }

    static void swapdb(Call c) {
        int a = intArg(c, 1, "invalid first DB index");
        int b = intArg(c, 2, "invalid second DB index");
        if (a != 0 || b != 0) {
            throw new CommandError(OUT_OF_RANGE);
        }
        c.ok(); // swapping database 0 with itself changes nothing
    }
}

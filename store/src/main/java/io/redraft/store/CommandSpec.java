package io.redraft.store;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One command's description, as in Redis's command table: arity (negative = at least -arity
 * arguments including the name), flags, and key positions (firstKey, lastKey with -1 meaning
 * the last argument, step). Commands whose keys follow a numkeys argument carry
 * {@link CommandFlag#MOVABLEKEYS} and a finder.
 *
 * @param name lower-case full name, e.g. {@code get} or {@code object|encoding}
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
                          int step, Function<List<byte[]>, List<Integer>> keyFinder) {

    public CommandSpec {
        flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
    }

    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public boolean has(CommandFlag f) {
        return flags.contains(f);
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    public boolean isReadOnly() {
        return !isWrite();
    }

    /** Argument indexes holding keys (for slot routing and locking). */
    public List<Integer> keyPositions(List<byte[]> argv) {
        if (keyFinder != null) {
            return keyFinder.apply(argv);
        }
        List<Integer> out = new ArrayList<>();
        if (firstKey <= 0) {
            return out;
        }
        int last = lastKey < 0 ? argv.size() + lastKey : lastKey;
        for (int i = firstKey; i <= last && i < argv.size(); i += Math.max(1, step)) {
            out.add(i);
        }
        return out;
    }
}

package io.redraft.script;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The first line of a Redis 7 script, {@code #!lua flags=no-writes,allow-oom}: declares the
 * engine and the script's flags. A script without one runs with Redis's legacy defaults (it may
 * write unless called through EVAL_RO).
 */
record Shebang(boolean present, Set<Flag> flags) {
    enum Flag {
        NO_WRITES("no-writes"), ALLOW_OOM("allow-oom"), ALLOW_STALE("allow-stale"),
        NO_CLUSTER("no-cluster"), ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

        final String text;

        Flag(String text) {
            this.text = text;
        }
    }

    static final Shebang NONE = new Shebang(false, EnumSet.noneOf(Flag.class));

    /**
     * Parses the shebang of {@code body}, if any.
     *
     * @throws ScriptError with Redis's text for an unknown engine or flag
     */
    static Shebang parse(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return NONE;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        String line = new String(body, 2, end - 2, StandardCharsets.ISO_8859_1);
        String[] parts = line.trim().split(" +");
        if (parts.length == 0 || !parts[0].equals("lua")) {
            throw new ScriptError("ERR Unexpected engine in script shebang: " + (parts.length == 0 ? "" : parts[0]));
        }
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new ScriptError("ERR Unknown lua shebang option: " + parts[i]);
            }
            String list = parts[i].substring("flags=".length());
            if (list.isEmpty()) {
                continue;
            }
            for (String f : list.split(",")) {
                Flag found = null;
                for (Flag candidate : Flag.values()) {
                    if (candidate.text.equals(f)) {
                        found = candidate;
                    }
                }
                if (found == null) {
                    throw new ScriptError("ERR Unexpected flag in script shebang: " + f);
                }
                flags.add(found);
            }
        }
        return new Shebang(true, flags);
    }

    /** The body Lua compiles: the shebang line blanked, so line numbers stay those of the script. */
    static byte[] luaBody(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return body;
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        byte[] out = body.clone();
        for (int i = 0; i < end; i++) {
            out[i] = ' ';
        }
        return out;
    }
}

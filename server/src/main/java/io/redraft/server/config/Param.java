package io.redraft.server.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * One configuration directive: its names, type, default and the rules that go beyond the type.
 *
 * @param requirement a Redraft restriction on the value (e.g. databases must be 1); returns the
 *                    reason to refuse, or {@code null}
 */
record Param(String name, String alias, ParamType type, String defaultText, Set<Flag> flags,
             Requirement requirement, String doc) {

    enum Flag {
        /** CONFIG SET refuses it: "can't set immutable config". */
        IMMUTABLE,
        /** CONFIG SET refuses it ("can't set protected config"), as Redis 7 does by default for dir and dbfilename. */
        PROTECTED,
        /** CONFIG GET lists it only when asked by its exact name. */
        HIDDEN,
        /** A secret: never logged; commands setting it are redacted in SLOWLOG/MONITOR. */
        SENSITIVE,
        /** RedisRaft refuses to change it once the node has been initialized or has joined. */
        LOCKED_AFTER_INIT,
        /** Not a Redis config but a RedisRaft module config: {@code raft.*} loading rules apply. */
        MODULE
    }

    @FunctionalInterface
    interface Requirement {
        String refuse(Object value);
    }

    Param {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    boolean has(Flag f) {
        return flags.contains(f);
    }

    static Builder of(String name, ParamType type, String defaultText) {
        return new Builder(name, type, defaultText);
    }

    static final class Builder {
        private final String name;
        private final ParamType type;
        private final String defaultText;
        private String alias;
        private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        private Requirement requirement;

        private Builder(String name, ParamType type, String defaultText) {
            this.name = name;
            this.type = type;
            this.defaultText = defaultText;
        }

        Builder alias(String a) {
            alias = a;
            return this;
        }

        Builder flags(Flag... fs) {
            flags.addAll(java.util.List.of(fs));
            return this;
        }

        Builder requires(Requirement r) {
            requirement = r;
            return this;
        }

        Param doc(String doc) {
            return new Param(name, alias, type, defaultText, flags, requirement, doc);
        }
    }
}

package io.redraft.server.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ACL user table, sorted by name as Redis's radix tree keeps it (ACL LIST, ACL USERS). The
 * replicated part of the ACL: every node applies the same logged changes to it, and a snapshot
 * carries it whole in the ACL file format ({@link #dump}, {@link #parse}).
 */
final class Users {
    static final String DEFAULT = "default";

    private final AclCommandSpace space;
    private final Map<String, AclUser> users = new TreeMap<>();
    /** acl-pubsub-default is allchannels: new users start with every channel (Redis 6's behaviour). */
    boolean pubsubAll;

    Users(AclCommandSpace space) {
        this.space = space;
        users.put(DEFAULT, defaultUser());
    }

    /** The default user as Redis creates it: on, nopass, every key, channel and command. */
    AclUser defaultUser() {
        AclUser u = new AclUser(DEFAULT, space);
        try {
            for (String op : new String[] {"+@all", "~*", "&*", "on", "nopass"}) u.apply(op);
        } catch (AclRuleError e) {
            throw new IllegalStateException(e);
        }
        return u.seal();
    }

    AclUser get(String name) {
        return users.get(name);
    }

    Collection<AclUser> all() {
        return users.values();
    }

    /**
     * ACL SETUSER: the rules applied in order to a copy of the user (a new one when absent); the
     * table changes only when all apply. Returns null, or Redis's error text (without "ERR ").
     */
    String setUser(String name, List<String> rules) {
        return setUser(name, rules, true);
    }

    /** Whether ACL SETUSER would apply to the table as it is: null, or the error text. Changes nothing. */
    String check(String name, List<String> rules) {
        return setUser(name, rules, false);
    }

    private String setUser(String name, List<String> rules, boolean commit) {
        List<String> merged = new ArrayList<>();
        String open = null;
        StringBuilder selector = null;
        for (String op : rules) {
            if (!op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                open = op;
                selector = new StringBuilder(op);
                continue;
            }
            if (open != null) {
                selector.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    merged.add(selector.toString());
                    open = null;
                }
                continue;
            }
            merged.add(op);
        }
        if (open != null) return "Unmatched parenthesis in acl selector starting at '" + open + "'.";
        AclUser existing = users.get(name);
        AclUser u = existing == null ? newUser(name) : existing.copy();
        for (String op : merged) {
            try {
                u.apply(op);
            } catch (AclRuleError e) {
                return "Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
            }
        }
        if (commit) users.put(name, u.seal());
        return null;
    }

    private AclUser newUser(String name) {
        AclUser u = new AclUser(name, space);
        u.pubsubAll = pubsubAll;
        u.root.allChannels = pubsubAll;
        return u;
    }

    boolean delete(String name) {
        return users.remove(name) != null;
    }

    /** The table in the ACL file format: one {@code user <name> <rules>} line per user. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        for (AclUser u : users.values()) sb.append("user ").append(u.name).append(' ').append(u.describe()).append('\n');
        return sb.toString();
    }

    byte[] encode() {
        return dump().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * An ACL file's users (ACLLoadFromFile): every line {@code user <name> <rules>}; the default
     * user is created as Redis creates it when the file does not define it. Throws with Redis's
     * error text when a line is wrong; nothing is half-loaded.
     */
    static Users parse(String text, String source, AclCommandSpace space, boolean pubsubAll) throws AclRuleError {
        Users out = new Users(space);
        out.pubsubAll = pubsubAll;
        java.util.Set<String> seen = new java.util.HashSet<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            // Rules hold no blanks (Redis refuses patterns with spaces), so words split on blanks.
            List<String> argv = List.of(line.split("[ \t]+"));
            if (!argv.get(0).equals("user") || argv.size() < 2) {
                errors.append(source).append(':').append(i + 1)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = argv.get(1);
            if (!seen.add(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(i + 1).append(". ");
                continue;
            }
            if (name.equals(DEFAULT)) out.users.put(DEFAULT, new AclUser(DEFAULT, space));
            String err = out.setUser(name, argv.subList(2, argv.size()));
            if (err != null) {
                int reason = err.startsWith("Error in ACL SETUSER modifier") ? err.indexOf("': ") : -1;
                errors.append(source).append(':').append(i + 1).append(": ")
                        .append(reason < 0 ? err : err.substring(reason + 3)).append(". ");
            }
        }
        if (!errors.isEmpty()) {
            throw new AclRuleError(errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
        }
        return out;
    }

    static Users decode(byte[] bytes, AclCommandSpace space) {
        try {
            // The rules are complete descriptions (each names its channels): the default does not matter.
            return parse(new String(bytes, StandardCharsets.ISO_8859_1), "snapshot", space, false);
        } catch (AclRuleError e) {
            throw new IllegalArgumentException("bad ACL in snapshot: " + e.getMessage(), e);
        }
    }
}

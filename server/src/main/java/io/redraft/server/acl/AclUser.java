package io.redraft.server.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Redis 7.0 ACL user: enabled or not, passwords (SHA-256, hex), nopass, the payload
 * sanitization flags, its root selector and further {@code (...)} selectors. Rules apply one by
 * one as ACLSetUser does; {@link Users#setUser} applies them to a copy, so a failing rule changes
 * nothing.
 */
final class AclUser {
    final String name;
    boolean enabled;
    boolean nopass;
    boolean skipSanitize;
    boolean sanitize;
    final Set<String> passwords = new LinkedHashSet<>();
    Selector root;
    final List<Selector> selectors = new ArrayList<>();
    private final AclCommandSpace space;
    /**
     * Every command, key and channel (the default user's usual rules): the check has nothing to
     * look at. Set by {@link #seal()} once the user's rules are final (the table only holds sealed users).
     */
    boolean unrestricted;
    /** acl-pubsub-default allchannels: new selectors and reset start with every channel. */
    boolean pubsubAll;

    /** A new user as ACL SETUSER creates it: off, no passwords, no keys, no channels, no commands. */
    AclUser(String name, AclCommandSpace space) {
        this.name = name;
        this.space = space;
        this.root = new Selector(space);
    }

    AclUser copy() {
        AclUser u = new AclUser(name, space);
        u.enabled = enabled;
        u.nopass = nopass;
        u.skipSanitize = skipSanitize;
        u.pubsubAll = pubsubAll;
        u.sanitize = sanitize;
        u.passwords.addAll(passwords);
        u.root = root.copy();
        for (Selector s : selectors) u.selectors.add(s.copy());
        return u;
    }

    /** The rules are final: works out {@link #unrestricted}. */
    AclUser seal() {
        unrestricted = root.future && root.allKeys && root.allChannels && root.firstArgs.isEmpty()
                && root.allowed.cardinality() == space.size();
        return this;
    }

    void apply(String op) throws AclRuleError {
        switch (op.toLowerCase(Locale.ROOT)) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "skip-sanitize-payload" -> {
                skipSanitize = true;
                sanitize = false;
            }
            case "sanitize-payload" -> {
                skipSanitize = false;
                sanitize = true;
            }
            case "nopass" -> {
                nopass = true;
                passwords.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwords.clear();
            }
            case "clearselectors" -> selectors.clear();
            case "reset" -> {
                apply("resetpass");
                root.apply("resetkeys");
                root.apply(pubsubAll ? "allchannels" : "resetchannels");
                enabled = false;
                apply("sanitize-payload");
                selectors.clear();
                root.apply("-@all");
            }
            default -> other(op);
        }
    }

    private void other(String op) throws AclRuleError {
        char first = op.isEmpty() ? 0 : op.charAt(0);
        switch (first) {
            case '>' -> {
                passwords.add(hash(op.substring(1).getBytes(StandardCharsets.ISO_8859_1)));
                nopass = false;
            }
            case '#' -> {
                passwords.add(checkedHash(op.substring(1)));
                nopass = false;
            }
            case '<' -> {
                if (!passwords.remove(hash(op.substring(1).getBytes(StandardCharsets.ISO_8859_1)))) {
                    throw new AclRuleError(AclRuleError.NO_SUCH_PASSWORD);
                }
            }
            case '!' -> {
                if (!passwords.remove(checkedHash(op.substring(1)))) throw new AclRuleError(AclRuleError.NO_SUCH_PASSWORD);
            }
            case '(' -> {
                if (op.charAt(op.length() - 1) != ')') throw new AclRuleError(AclRuleError.SYNTAX);
                Selector s = new Selector(space);
                s.allChannels = pubsubAll;
                for (String rule : op.substring(1, op.length() - 1).split(" ")) {
                    if (!rule.isEmpty()) s.apply(rule);
                }
                selectors.add(s);
            }
            default -> root.apply(op);
        }
    }

    private static String checkedHash(String h) throws AclRuleError {
        if (h.length() != 64) throw new AclRuleError(AclRuleError.BAD_HASH);
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) throw new AclRuleError(AclRuleError.BAD_HASH);
        }
        return h;
    }

    static String hash(byte[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ACLCheckUserCredentials: enabled, and nopass or one of the passwords. */
    boolean accepts(byte[] password) {
        if (!enabled) return false;
        if (nopass) return true;
        String h = hash(password);
        for (String p : passwords) {
            if (MessageDigest.isEqual(p.getBytes(StandardCharsets.US_ASCII), h.getBytes(StandardCharsets.US_ASCII))) return true;
        }
        return false;
    }

    List<String> flags() {
        List<String> out = new ArrayList<>();
        out.add(enabled ? "on" : "off");
        if (nopass) out.add("nopass");
        if (skipSanitize) out.add("skip-sanitize-payload");
        if (sanitize) out.add("sanitize-payload");
        return out;
    }

    /** ACLDescribeUser: the rules that rebuild this user (ACL LIST and the ACL file, after "user name "). */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (String f : flags()) sb.append(f).append(' ');
        for (String p : passwords) sb.append('#').append(p).append(' ');
        sb.append(root.describe());
        for (Selector s : selectors) sb.append(" (").append(s.describe()).append(')');
        return sb.toString();
    }

    /** Every selector, root first (the order Redis checks them in). */
    List<Selector> allSelectors() {
        List<Selector> out = new ArrayList<>(selectors.size() + 1);
        out.add(root);
        out.addAll(selectors);
        return out;
    }
}

package io.redraft.server.acl;

import io.redraft.store.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One set of permissions of a user, as Redis 7.0's aclSelector: the commands (a bit per command
 * and subcommand, plus whether future commands are allowed, which only {@code +@all} grants), key
 * patterns with read/write flags, channel patterns. A user's root selector and each {@code (...)}
 * selector are one of these; a command runs if any selector allows it.
 */
final class Selector {
    static final int READ = 1, WRITE = 2, ALL = READ | WRITE;

    private final AclCommandSpace space;
    boolean allKeys;
    boolean allChannels;
    /** Pattern to its READ/WRITE flags, in the order first added. */
    final Map<String, Integer> patterns = new LinkedHashMap<>();
    final Set<String> channels = new LinkedHashSet<>();
    BitSet allowed = new BitSet();
    /** Redis's reserved "future commands" bit: set by +@all only. */
    boolean future;
    /** Allowed first arguments of otherwise denied commands ({@code +select|0}), by command bit. */
    final Map<Integer, Set<String>> firstArgs = new HashMap<>();

    Selector(AclCommandSpace space) {
        this.space = space;
    }

    Selector copy() {
        Selector s = new Selector(space);
        s.allKeys = allKeys;
        s.allChannels = allChannels;
        s.patterns.putAll(patterns);
        s.channels.addAll(channels);
        s.allowed = (BitSet) allowed.clone();
        s.future = future;
        firstArgs.forEach((k, v) -> s.firstArgs.put(k, new LinkedHashSet<>(v)));
        return s;
    }

    /** Applies one selector rule (ACLSetSelector). */
    void apply(String op) throws AclRuleError {
        String lower = op.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "allkeys", "~*" -> {
                allKeys = true;
                patterns.clear();
                return;
            }
            case "resetkeys" -> {
                allKeys = false;
                patterns.clear();
                return;
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channels.clear();
                return;
            }
            case "resetchannels" -> {
                allChannels = false;
                channels.clear();
                return;
            }
            case "allcommands", "+@all" -> {
                allowed.set(0, space.size());
                future = true;
                firstArgs.clear();
                return;
            }
            case "nocommands", "-@all" -> {
                allowed.clear();
                future = false;
                firstArgs.clear();
                return;
            }
            default -> { }
        }
        if (op.isEmpty()) throw new AclRuleError(AclRuleError.SYNTAX);
        char first = op.charAt(0);
        if (first == '~' || first == '%') keyPattern(op);
        else if (first == '&') {
            if (allChannels) throw new AclRuleError(AclRuleError.CHANNELS_AFTER_ALL);
            channels.add(op.substring(1));
        } else if ((first == '+' || first == '-') && op.length() > 1 && op.charAt(1) == '@') {
            String cat = op.substring(2);
            if (!space.isCategory(cat)) throw new AclRuleError(AclRuleError.UNKNOWN);
            BitSet bits = space.category(cat);
            if (first == '+') allowed.or(bits);
            else allowed.andNot(bits);
            for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) firstArgs.remove(b);
        } else if (first == '+') {
            allowCommand(op.substring(1));
        } else if (first == '-') {
            int bit = space.bit(op.substring(1));
            if (bit < 0) throw new AclRuleError(AclRuleError.UNKNOWN);
            change(bit, false);
        } else {
            throw new AclRuleError(AclRuleError.SYNTAX);
        }
    }

    private void keyPattern(String op) throws AclRuleError {
        if (allKeys) throw new AclRuleError(AclRuleError.KEYS_AFTER_ALL);
        int flags = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char ch = Character.toUpperCase(op.charAt(offset));
                if (ch == 'R' && (flags & READ) == 0) flags |= READ;
                else if (ch == 'W' && (flags & WRITE) == 0) flags |= WRITE;
                else if (ch == '~') {
                    offset++;
                    break;
                } else throw new AclRuleError(AclRuleError.SYNTAX);
            }
            // As Redis: "%R" without '~' is accepted, with an empty pattern.
            if (flags == 0) throw new AclRuleError(AclRuleError.SYNTAX);
        } else {
            flags = ALL;
        }
        String pattern = op.substring(offset);
        if (pattern.equals("*") && flags == ALL) {
            allKeys = true;
            patterns.clear();
            return;
        }
        if (pattern.indexOf(' ') >= 0) throw new AclRuleError(AclRuleError.SYNTAX);
        patterns.merge(pattern, flags, (a, b) -> a | b);
    }

    private void allowCommand(String name) throws AclRuleError {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            int bit = space.bit(name);
            if (bit < 0) throw new AclRuleError(AclRuleError.UNKNOWN);
            change(bit, true);
            return;
        }
        String top = name.substring(0, bar);
        String sub = name.substring(bar + 1);
        int topBit = space.bit(top);
        if (topBit < 0) throw new AclRuleError(AclRuleError.UNKNOWN);
        if (space.command(topBit).isSubcommand()) throw new AclRuleError(AclRuleError.FIRST_ARG_OF_SUBCOMMAND);
        if (sub.isEmpty()) throw new AclRuleError(AclRuleError.SYNTAX);
        if (space.isContainer(topBit)) {
            int bit = space.bit(name);
            if (bit < 0) throw new AclRuleError(AclRuleError.UNKNOWN);
            change(bit, true);
        } else {
            firstArgs.computeIfAbsent(topBit, k -> new LinkedHashSet<>()).add(sub.toLowerCase(Locale.ROOT));
        }
    }

    /** ACLChangeSelectorPerm: a command and, for a container, all its subcommands. */
    void change(int bit, boolean allow) {
        allowed.set(bit, allow);
        firstArgs.remove(bit);
        BitSet subs = space.subcommands(bit);
        for (int b = subs.nextSetBit(0); b >= 0; b = subs.nextSetBit(b + 1)) {
            allowed.set(b, allow);
            firstArgs.remove(b);
        }
    }

    boolean allowsCommand(int bit, byte[][] argv, int from) {
        if (allowed.get(bit)) return true;
        Set<String> args = firstArgs.get(bit);
        return args != null && argv.length > from + 1
                && args.contains(new String(argv[from + 1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    /** ACLSelectorCheckKey: some pattern with the flags the access needs matches. */
    boolean allowsKey(byte[] key, int needs) {
        if (allKeys) return true;
        for (Map.Entry<String, Integer> p : patterns.entrySet()) {
            if ((p.getValue() & needs) != needs) continue;
            if (Glob.matches(p.getKey().getBytes(StandardCharsets.ISO_8859_1), key)) return true;
        }
        return false;
    }

    /** A channel, or (PSUBSCRIBE) a pattern, which must then equal one of the user's patterns. */
    boolean allowsChannel(byte[] channel, boolean isPattern) {
        if (allChannels) return true;
        String ch = new String(channel, StandardCharsets.ISO_8859_1);
        for (String p : channels) {
            if (isPattern ? p.equals(ch) : Glob.matches(p.getBytes(StandardCharsets.ISO_8859_1), channel)) return true;
        }
        return false;
    }

    // ---- descriptions ----

    String keysText() {
        if (allKeys) return "~*";
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> p : patterns.entrySet()) out.add(patternText(p.getKey(), p.getValue()));
        return String.join(" ", out);
    }

    private static String patternText(String pattern, int flags) {
        return switch (flags) {
            case READ -> "%R~" + pattern;
            case WRITE -> "%W~" + pattern;
            default -> "~" + pattern;
        };
    }

    String channelsText() {
        if (allChannels) return "&*";
        List<String> out = new ArrayList<>();
        for (String c : channels) out.add("&" + c);
        return String.join(" ", out);
    }

    /** ACLDescribeSelector: keys, channels, then the command rules. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        String keys = keysText();
        if (!keys.isEmpty()) sb.append(keys).append(' ');
        if (allChannels) sb.append("&* ");
        else {
            sb.append("resetchannels ");
            for (String c : channels) sb.append('&').append(c).append(' ');
        }
        sb.append(commandRules());
        return sb.toString();
    }

    /**
     * ACLDescribeSelectorCommandRules as Redis 7.0 computes it from the bits: +@all or -@all, then
     * categories by best fit (each round, of the categories not yet used, the one that agrees with
     * more of the commands still to describe than it contradicts, with the fewest contradictions,
     * then the most agreements), then single commands to fix the rest.
     */
    String commandRules() {
        StringBuilder rules = new StringBuilder();
        Selector fake = new Selector(space);
        boolean additive = !future;
        rules.append(additive ? "-@all " : "+@all ");
        if (!additive) {
            fake.allowed.set(0, space.size());
            fake.future = true;
        }
        BitSet temp = (BitSet) allowed.clone();
        List<String> cats = AclCommandSpace.CATEGORIES;
        boolean[] applied = new boolean[cats.size()];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE, maxSame = 0;
            for (int c = 0; c < cats.size(); c++) {
                if (applied[c]) continue;
                BitSet bits = space.category(cats.get(c));
                long on = 0, off = 0;
                for (int b = bits.nextSetBit(0); b >= 0; b = bits.nextSetBit(b + 1)) {
                    if (temp.get(b)) on++;
                    else off++;
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = c;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best < 0) break;
            BitSet bits = space.category(cats.get(best));
            if (additive) {
                fake.allowed.or(bits);
                temp.andNot(bits);
            } else {
                fake.allowed.andNot(bits);
                temp.or(bits);
            }
            rules.append(additive ? "+@" : "-@").append(cats.get(best)).append(' ');
            applied[best] = true;
        }
        for (int top : space.topLevel()) {
            single(top, fake, rules);
            BitSet subs = space.subcommands(top);
            for (int b = subs.nextSetBit(0); b >= 0; b = subs.nextSetBit(b + 1)) single(b, fake, rules);
        }
        if (rules.length() > 0) rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private void single(int bit, Selector fake, StringBuilder rules) {
        boolean user = allowed.get(bit);
        if (user != fake.allowed.get(bit)) {
            rules.append(user ? '+' : '-').append(space.command(bit).name()).append(' ');
            fake.change(bit, user);
        }
        Set<String> args = firstArgs.get(bit);
        if (!user && args != null) {
            for (String a : args) rules.append('+').append(space.command(bit).name()).append('|').append(a).append(' ');
        }
    }
}

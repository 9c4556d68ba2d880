package io.redraft.server.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the key arguments of a request as Redis 7.0 does (db.c): from the key specs when they are
 * complete and their flags fixed, else with the command's own procedure (SET and BITFIELD, whose
 * flags depend on the arguments; SORT and SORT_RO, whose BY and GET patterns no spec can place;
 * MIGRATE, whose KEYS form the specs mark incomplete). A request whose specs do not fit (bad
 * numkeys, too few arguments) has
 * no keys; COMMAND GETKEYS then says so.
 */
final class KeyFinder {
    private static final List<String> RO_ACCESS = List.of("RO", "access");
    private static final List<String> RW_ACCESS_UPDATE = List.of("RW", "access", "update");
    private static final List<String> OW_UPDATE = List.of("OW", "update");
    private static final List<String> RW_ACCESS_DELETE = List.of("RW", "access", "delete");

    private KeyFinder() {}

    /** Whether the command can have keys at all (Redis's doesCommandHaveKeys). */
    static boolean hasKeys(CommandInfo info) {
        for (KeySpec k : info.keySpecs()) if (!k.has("not_key")) return true;
        return procedure(info.name()) != null;
    }

    /** The keys of {@code argv} (argv[0] the command, argv[1] the subcommand if any), empty when none or invalid. */
    static List<KeyRef> find(CommandInfo info, byte[][] argv, int from) {
        int argc = argv.length - from;
        boolean hasSpec = false, variableFlags = false;
        for (KeySpec k : info.keySpecs()) {
            hasSpec |= !k.has("not_key");
            variableFlags |= k.has("variable_flags");
        }
        if (hasSpec && !variableFlags) {
            List<KeyRef> keys = fromSpecs(info, argv, from, argc);
            if (keys != null) return keys;
        }
        Procedure p = procedure(info.name());
        return p == null ? List.of() : p.keys(argv, from, argc);
    }

    private interface Procedure {
        List<KeyRef> keys(byte[][] argv, int from, int argc);
    }

    private static Procedure procedure(String name) {
        return switch (name) {
            case "set" -> KeyFinder::set;
            case "bitfield" -> KeyFinder::bitfield;
            case "sort" -> KeyFinder::sort;
            case "sort_ro" -> (argv, from, argc) -> List.of(new KeyRef(from + 1, RO_ACCESS));
            case "migrate" -> KeyFinder::migrate;
            default -> null;
        };
    }

    /** null when a spec does not fit the arguments (Redis's invalid_spec), so the procedure decides. */
    private static List<KeyRef> fromSpecs(CommandInfo info, byte[][] argv, int from, int argc) {
        List<KeyRef> keys = new ArrayList<>();
        for (KeySpec spec : info.keySpecs()) {
            if (spec.has("not_key")) continue;
            int first = 0;
            switch (spec.begin()) {
                case KeySpec.Index i -> first = i.pos();
                case KeySpec.Keyword k -> {
                    int start = k.startFrom() > 0 ? k.startFrom() : argc + k.startFrom();
                    int end = k.startFrom() > 0 ? argc - 1 : 1;
                    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                        if (i >= argc || i < 1) break;
                        if (text(argv[from + i]).equalsIgnoreCase(k.keyword())) {
                            first = i + 1;
                            break;
                        }
                    }
                    if (first == 0) continue; // keyword absent: this spec has no keys
                }
                case KeySpec.UnknownBegin u -> {
                    return null;
                }
            }
            int last, step;
            switch (spec.find()) {
                case KeySpec.Range r -> {
                    step = r.step();
                    if (r.lastKey() >= 0) last = first + r.lastKey();
                    else if (r.limit() == 0) last = argc + r.lastKey();
                    else last = first + ((argc - first) / r.limit() + r.lastKey());
                }
                case KeySpec.Keynum n -> {
                    step = n.step();
                    if (first + n.keyNumIdx() >= argc) return null;
                    long numkeys = count(argv[from + first + n.keyNumIdx()]);
                    if (numkeys < 0) return null;
                    first += n.firstKey();
                    last = (int) Math.min(Integer.MAX_VALUE, first + numkeys - 1);
                }
                case KeySpec.UnknownFind u -> {
                    return null;
                }
            }
            if (last >= argc || last < first || first >= argc) return null;
            for (int i = first; i <= last; i += step) keys.add(new KeyRef(from + i, spec.flags()));
            if (spec.has("incomplete")) return null;
        }
        return keys;
    }

    /** A numkeys argument as Redis's string2ll reads it, or -1 when it is not a count. */
    private static long count(byte[] b) {
        String s = text(b);
        if (!s.matches("0|-?[1-9][0-9]{0,18}")) return -1;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** SET's key is read too when GET is given. */
    private static List<KeyRef> set(byte[][] argv, int from, int argc) {
        for (int i = 3; i < argc; i++) {
            if (text(argv[from + i]).equalsIgnoreCase("get")) return List.of(new KeyRef(from + 1, RW_ACCESS_UPDATE));
        }
        return List.of(new KeyRef(from + 1, OW_UPDATE));
    }

    /** BITFIELD only reads when every operation is a complete GET (OVERFLOW aside). */
    private static List<KeyRef> bitfield(byte[][] argv, int from, int argc) {
        boolean readonly = true;
        for (int i = 2; i < argc; i++) {
            int rest = argc - i - 1;
            String op = text(argv[from + i]).toLowerCase(Locale.ROOT);
            if (op.equals("get") && rest >= 2) {
                i += 2;
            } else if ((op.equals("set") || op.equals("incrby")) && rest >= 3) {
                readonly = false;
                break;
            } else if (op.equals("overflow") && rest >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        return List.of(new KeyRef(from + 1, readonly ? RO_ACCESS : RW_ACCESS_UPDATE));
    }

    /** SORT's key, then the key after the last STORE (LIMIT, GET and BY arguments skipped). */
    private static List<KeyRef> sort(byte[][] argv, int from, int argc) {
        List<KeyRef> keys = new ArrayList<>(List.of(new KeyRef(from + 1, RO_ACCESS)));
        KeyRef store = null;
        for (int i = 2; i < argc; i++) {
            String a = text(argv[from + i]).toLowerCase(Locale.ROOT);
            switch (a) {
                case "limit" -> i += 2;
                case "get", "by" -> i += 1;
                case "store" -> {
                    if (i + 1 < argc) store = new KeyRef(from + i + 1, OW_UPDATE);
                }
                default -> { }
            }
        }
        if (store != null) keys.add(store);
        return keys;
    }

    /** MIGRATE's key, or with KEYS (the key argument then empty) every argument after it, AUTH's skipped. */
    private static List<KeyRef> migrate(byte[][] argv, int from, int argc) {
        int first = 3, num = 1;
        for (int i = 6; i < argc; i++) {
            String a = text(argv[from + i]);
            if (a.equalsIgnoreCase("auth")) {
                i += 1; // a password may read "keys"
            } else if (a.equalsIgnoreCase("auth2")) {
                i += 2;
            } else if (a.equalsIgnoreCase("keys")) {
                if (argv[from + 3].length > 0) return List.of();
                first = i + 1;
                num = argc - first;
                break;
            }
        }
        List<KeyRef> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) keys.add(new KeyRef(from + first + i, RW_ACCESS_DELETE));
        return keys;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

package io.redraft.server.node;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Redis's standard error texts and small helpers shared by the node-local commands. */
public final class Replies {
    private Replies() {}

    public static String arity(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    public static String unknownSubcommand(byte[] sub, String command) {
        return "ERR unknown subcommand '" + truncate(str(sub)) + "'. Try " + command.toUpperCase(Locale.ROOT) + " HELP.";
    }

    /** {@code ERR unknown command 'x', with args beginning with: 'a' 'b' } as Redis 7 words it. */
    public static String unknownCommand(byte[][] argv) {
        StringBuilder sb = new StringBuilder("ERR unknown command '").append(truncate(str(argv[0])))
                .append("', with args beginning with: ");
        for (int i = 1; i < argv.length && sb.length() < 128; i++) sb.append('\'').append(truncate(str(argv[i]))).append("' ");
        return sb.toString();
    }

    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** ASCII lower case, as Redis compares command names. */
    public static String lower(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xff;
            c[i] = (char) (x >= 'A' && x <= 'Z' ? x + 32 : x);
        }
        return new String(c);
    }

    private static String truncate(String s) {
        return s.length() > 128 ? s.substring(0, 128) : s;
    }
}

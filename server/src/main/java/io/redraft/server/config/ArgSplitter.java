package io.redraft.server.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs} and {@code sdscatrepr}: how a config line is split into words and
 * how a command-line value is quoted back into a line. Escapes produce bytes; a word is decoded as
 * UTF-8 at its end, so {@code "\xc3\xa9"} is {@code é}.
 */
final class ArgSplitter {
    private ArgSplitter() {}

    /** The words of {@code line}, or {@code null} when its quotes are unbalanced (as Redis). */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        int p = 0;
        while (true) {
            while (p < in.length && isSpace(in[p])) p++;
            if (p >= in.length) return words;
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                int c = p < in.length ? in[p] & 0xff : 0;
                int next = p + 1 < in.length ? in[p + 1] & 0xff : 0;
                if (inDouble) {
                    if (c == '\\' && next == 'x' && p + 3 < in.length && isHex(in[p + 2]) && isHex(in[p + 3])) {
                        word.write(Character.digit(in[p + 2], 16) * 16 + Character.digit(in[p + 3], 16));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        word.write(switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> next;
                        });
                    } else if (c == '"') {
                        // A closing quote must be followed by a space or the end of the line.
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        word.write(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        word.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) return null;
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        word.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> word.write(c);
                    }
                }
                if (p < in.length) p++;
            }
            words.add(word.toString(StandardCharsets.UTF_8));
        }
    }

    /** {@code s} in double quotes with Redis's escapes, as {@code sdscatrepr} writes it. */
    static String repr(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) out.append((char) c);
                    else out.append(String.format("\\x%02x", c));
                }
            }
        }
        return out.append('"').toString();
    }

    /** C's isspace in the C locale. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0 && b < 0x80;
    }
}

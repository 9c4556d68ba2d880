package io.redraft.server.config;

import io.redraft.resp.InlineSplitter;
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
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        byte[][] args = InlineSplitter.split(in, in.length);
        if (args == null) return null;
        List<String> words = new ArrayList<>(args.length);
        for (byte[] a : args) words.add(new String(a, StandardCharsets.UTF_8));
        return words;
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
}

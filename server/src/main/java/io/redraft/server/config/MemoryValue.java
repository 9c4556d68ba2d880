package io.redraft.server.config;

import java.util.Locale;
import java.util.OptionalLong;

/** Redis's {@code memtoull}: digits with an optional unit, k = 1000, kb = 1024, m, mb, g, gb, b. */
final class MemoryValue {
    private MemoryValue() {}

    static OptionalLong parse(String text) {
        int u = 0;
        while (u < text.length() && text.charAt(u) >= '0' && text.charAt(u) <= '9') u++;
        long mul = switch (text.substring(u).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (mul < 0 || u == 0 || u > 19) return OptionalLong.empty();
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(text, 0, u, 10), mul));
        } catch (NumberFormatException | ArithmeticException e) {
            // Beyond a signed 64-bit value: Redis would go to 2^64-1, no parameter here needs that.
            return OptionalLong.empty();
        }
    }

    /** Redis's {@code string2ll}: an optional '-', digits, no leading zeros, no spaces, fits 64 bits. */
    static OptionalLong parseInteger(String text) {
        if (text.isEmpty() || text.length() > 20) return OptionalLong.empty();
        if (text.equals("0")) return OptionalLong.of(0);
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length() || text.charAt(start) < '1' || text.charAt(start) > '9') return OptionalLong.empty();
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

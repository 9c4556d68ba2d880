package io.redraft.store.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds random but plausible argument lists, biased towards edge cases. */
final class Gen {
    final SplittableRandom r;
    final String prefix;
    private final List<byte[]> argv = new ArrayList<>();

    Gen(SplittableRandom r, String prefix) {
        this.r = r;
        this.prefix = prefix;
    }

    Gen cmd(String name) {
        argv.clear();
        argv.add(name.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    Gen a(String s) {
        argv.add(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Gen a(long v) {
        return a(Long.toString(v));
    }

    Gen key() {
        return a(key1());
    }

    String key1() {
        return prefix + r.nextInt(6);
    }

    Gen keys(int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            key();
        }
        return this;
    }

    Gen val() {
        return a(value());
    }

    boolean chance(int pct) {
        return r.nextInt(100) < pct;
    }

    <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    String pick(String... xs) {
        return xs[r.nextInt(xs.length)];
    }

    String value() {
        return switch (r.nextInt(14)) {
            case 0 -> "";
            case 1 -> Long.toString(r.nextInt(200) - 100);
            case 2 -> pick("9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "-0",
                    "+1", " 1", "1 ", "0x10", "1e3", "3.5", "-2.25", "inf", "nan", "1.7976931348623157e309");
            case 3 -> "x".repeat(40 + r.nextInt(10));
            case 4 -> "y".repeat(60 + r.nextInt(10));
            case 5 -> Long.toString(r.nextLong());
            case 6 -> (r.nextInt(2000) - 1000) / 8.0 + "";
            case 7 -> pick("a\r\nb", "\u0000x", "caf\u00e9", "\r\n", "tab\there", "\u0000");
            default -> pick("a", "b", "c", "d", "e", "f", "hello", "world", "foo", "bar");
        };
    }

    String member() {
        return chance(30) ? Integer.toString(r.nextInt(20) - 5) : pick("a", "b", "c", "d", "e", "f", "g", "h", "m1", "m2");
    }

    String smallInt() {
        return switch (r.nextInt(10)) {
            case 0 -> pick("x", "", "1.5", "-0", "9223372036854775808");
            case 1 -> Long.toString(r.nextLong());
            default -> Integer.toString(r.nextInt(21) - 10);
        };
    }

    String floatv() {
        return switch (r.nextInt(10)) {
            case 0 -> pick("x", "", "inf", "-inf", "+inf", "nan", "1e400", "1.5e", "0x1p3", " 1", "1e-320", "3.0", ".5", "5.");
            case 1 -> Double.toString(r.nextDouble() * 1e6 - 5e5);
            default -> Integer.toString(r.nextInt(21) - 10) + (chance(50) ? "" : "." + r.nextInt(100));
        };
    }

    /** A relative TTL: mostly large, so the two clocks never disagree on expiry. */
    String ttl() {
        return switch (r.nextInt(8)) {
            case 0 -> pick("0", "-5", "x", "9223372036854775807", "");
            default -> Integer.toString(100 + r.nextInt(10_000));
        };
    }

    List<byte[]> build() {
        return new ArrayList<>(argv);
    }
}

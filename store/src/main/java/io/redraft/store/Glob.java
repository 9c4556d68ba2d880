package io.redraft.store;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob-style matching ({@code stringmatchlen} in {@code util.c}): {@code * ? [abc] [^a-z] \x},
 * binary safe, optionally case-insensitive. It is the one matcher of the server: KEYS, SCAN MATCH,
 * CONFIG GET, and whatever matches channel or ACL patterns.
 *
 * <p>The results are Redis 7's for every pattern, quirks included, because clients and differential
 * tests see them: bytes compare as C's signed {@code char} in ranges, an unterminated class ends
 * with the pattern, {@code [a-]} is the range {@code a..]}, an escaped byte inside a class ignores
 * {@code nocase}, case folding is ASCII only, a {@code *} never matches at the very end of the
 * string (so {@code "**"} does not match the empty string; KEYS and SCAN special-case a lone
 * {@code *}), and more than 1000 nested stars fail.
 *
 * <p>The cost is bounded, as in Redis since CVE-2022-36021: once the rest of a pattern after a
 * {@code *} has failed at every position of the string, no earlier {@code *} can make it match by
 * consuming more, so the whole search stops. Only one star loop ever runs to its end, which makes the
 * worst case O(pattern × string) instead of exponential in the number of stars.
 */
public final class Glob {
    /** Redis's bound on star recursion ("protection against abusive patterns"). */
    private static final int MAX_NESTING = 1000;

    private final byte[] p;
    private final byte[] s;
    private final boolean nocase;
    /** Set when the rest of the pattern after some star failed everywhere: every caller fails too. */
    private boolean skipLongerMatches;

    private Glob(byte[] pattern, byte[] string, boolean nocase) {
        this.p = pattern;
        this.s = string;
        this.nocase = nocase;
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, string, false);
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return new Glob(pattern, string, nocase).match(0, 0, 0);
    }

    /** Case-insensitive match of two strings' UTF-8 bytes, as CONFIG GET does. */
    public static boolean matchesIgnoreCase(String pattern, String string) {
        return matches(pattern.getBytes(StandardCharsets.UTF_8), string.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Whether a pattern contains anything but literal bytes, i.e. whether it can match more than itself. */
    public static boolean hasWildcards(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** The pattern byte at {@code i}, or 0 past its end: Redis reads the sds terminator there. */
    private int at(int i) {
        return i < p.length ? p[i] : 0;
    }

    private boolean match(int pi, int si, int nesting) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (pi < p.length && si < s.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (at(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (; si < s.length; si++) {
                        if (match(pi + 1, si, nesting + 1)) {
                            return true;
                        }
                        if (skipLongerMatches) {
                            return false;
                        }
                    }
                    skipLongerMatches = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi = matchClass(pi + 1, s[si]);
                    if (pi < 0) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (p[pi] == '\\' && p.length - pi >= 2) {
                        pi++;
                    }
                    if (fold(p[pi]) != fold(s[si])) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == s.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == p.length && si == s.length;
    }

    /**
     * Matches one byte against the class starting at {@code pi} (just after the '['). Returns the
     * index of the class's closing ']' (or of its last byte when unterminated), or -1 on no match.
     */
    private int matchClass(int pi, byte c) {
        boolean not = at(pi) == '^';
        if (not) {
            pi++;
        }
        boolean hit = false;
        while (true) {
            int left = p.length - pi;
            if (at(pi) == '\\' && left >= 2) {
                pi++;
                if (p[pi] == c) { // Redis compares an escaped byte with its case, even under nocase
                    hit = true;
                }
            } else if (at(pi) == ']') {
                break;
            } else if (left == 0) {
                pi--; // unterminated: the class ends with the pattern
                break;
            } else if (left >= 3 && p[pi + 1] == '-') {
                int start = p[pi];
                int end = p[pi + 2];
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                pi += 2;
                int ch = fold(c);
                if (ch >= fold(start) && ch <= fold(end)) {
                    hit = true;
                }
            } else if (fold(p[pi]) == fold(c)) {
                hit = true;
            }
            pi++;
        }
        return hit != not ? pi : -1;
    }

    /** C's tolower in the C locale when nocase, on C's signed char; the byte itself otherwise. */
    private int fold(int c) {
        return nocase && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}

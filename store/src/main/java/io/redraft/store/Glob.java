package io.redraft.store;

/**
 * Redis's glob-style matching (stringmatchlen): {@code * ? [abc] [^a-z] \x}, binary safe.
 * An unterminated class ends at the end of the pattern, as in Redis.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] s) {
        return match(pattern, 0, s, 0, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false; // Redis also bounds recursion on pathological patterns
        }
        while (pi < p.length && si <= s.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean hit = false;
                    int ch = s[si] & 0xFF;
                    while (true) {
                        if (pi < p.length && p[pi] == '\\' && p.length - pi >= 2) {
                            pi++;
                            if ((p[pi] & 0xFF) == ch) {
                                hit = true;
                            }
                        } else if (pi < p.length && p[pi] == ']') {
                            break;
                        } else if (pi >= p.length) {
                            pi--; // unterminated: the class ends with the pattern
                            break;
                        } else if (p.length - pi >= 3 && p[pi + 1] == '-') {
                            int lo = p[pi] & 0xFF;
                            int hi = p[pi + 2] & 0xFF;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            pi += 2;
                            if (ch >= lo && ch <= hi) {
                                hit = true;
                            }
                        } else if ((p[pi] & 0xFF) == ch) {
                            hit = true;
                        }
                        pi++;
                    }
                    if (not) {
                        hit = !hit;
                    }
                    if (!hit) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '\\' -> {
                    if (p.length - pi >= 2) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                default -> {
                    if (si >= s.length || c != s[si]) {
                        return false;
                    }
                    si++;
                    pi++;
                }
            }
        }
        return pi == p.length && si == s.length;
    }
}

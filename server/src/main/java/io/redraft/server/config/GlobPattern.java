package io.redraft.server.config;

/** Redis's {@code stringmatchlen} (glob with *, ?, [a-z], [^x], backslash escapes), case-insensitive. */
final class GlobPattern {
    private GlobPattern() {}

    static boolean hasWildcards(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    static boolean matches(String pattern, String string) {
        return match(pattern.toLowerCase(java.util.Locale.ROOT), 0, string.toLowerCase(java.util.Locale.ROOT), 0, 0);
    }

    private static boolean match(String p, int pi, String s, int si, int depth) {
        if (depth > 1000) return false; // Redis bounds nesting the same way against pathological patterns
        while (pi < p.length() && si < s.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') pi++;
                    if (pi + 1 == p.length()) return true;
                    for (int k = si; k < s.length(); k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) return true;
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length() && p.charAt(pi) == '^';
                    if (not) pi++;
                    boolean found = false;
                    while (true) {
                        if (pi >= p.length()) {
                            pi--; // unterminated class: Redis treats the end as closing it
                            break;
                        }
                        char pc = p.charAt(pi);
                        if (pc == '\\' && pi + 1 < p.length()) {
                            pi++;
                            if (p.charAt(pi) == s.charAt(si)) found = true;
                        } else if (pc == ']') {
                            break;
                        } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-') {
                            char lo = pc;
                            char hi = p.charAt(pi + 2);
                            if (lo > hi) {
                                char t = lo;
                                lo = hi;
                                hi = t;
                            }
                            pi += 2;
                            if (s.charAt(si) >= lo && s.charAt(si) <= hi) found = true;
                        } else if (pc == s.charAt(si)) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) found = !found;
                    if (!found) return false;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length()) pi++;
                    if (p.charAt(pi) != s.charAt(si)) return false;
                    si++;
                }
                default -> {
                    if (c != s.charAt(si)) return false;
                    si++;
                }
            }
            pi++;
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length() && si == s.length();
    }
}

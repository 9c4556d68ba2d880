package io.redraft.server.node;

/** Redis's stringmatchlen for the common cases: '*', '?', '[...]' and '\' escapes. */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') pi++;
                    if (pi + 1 == p.length()) return true;
                    for (int k = si; k <= s.length(); k++) if (match(p, pi + 1, s, k)) return true;
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) return false;
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) return false;
                    int end = p.indexOf(']', pi + 1);
                    if (end < 0) return false;
                    boolean not = p.charAt(pi + 1) == '^';
                    boolean hit = false;
                    for (int k = pi + (not ? 2 : 1); k < end; k++) {
                        if (k + 2 < end && p.charAt(k + 1) == '-') {
                            if (s.charAt(si) >= p.charAt(k) && s.charAt(si) <= p.charAt(k + 2)) hit = true;
                            k += 2;
                        } else if (p.charAt(k) == s.charAt(si)) {
                            hit = true;
                        }
                    }
                    if (hit == not) return false;
                    si++;
                    pi = end + 1;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) c = p.charAt(++pi);
                    if (si >= s.length() || s.charAt(si) != c) return false;
                    si++;
                    pi++;
                }
            }
        }
        return si == s.length();
    }
}

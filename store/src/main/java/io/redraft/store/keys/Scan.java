package io.redraft.store.keys;

import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.Errors;
import io.redraft.store.Glob;

/** SCAN-family argument parsing, shared by SCAN, HSCAN, SSCAN and ZSCAN. */
public final class Scan {
    private Scan() {
    }

    /** As Redis's parseScanCursorOrReply (strtoul): decimal, no spaces, fits in 64 bits. */
    public static long parseCursor(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        CommandError invalid = new CommandError("ERR invalid cursor");
        if (s.isEmpty() || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw invalid;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw invalid;
        }
    }

    /** MATCH / COUNT / TYPE options. */
    public record Options(byte[] pattern, long count, String type) {
        public static Options parse(Call c, int from, boolean allowType) {
            byte[] pattern = null;
            long count = 10;
            String type = null;
            int i = from;
            while (i < c.argc()) {
                int left = c.argc() - i;
                if (c.argIs(i, "count") && left >= 2) {
                    count = c.longArg(i + 1);
                    if (count < 1) {
                        throw Errors.syntax();
                    }
                    i += 2;
                } else if (c.argIs(i, "match") && left >= 2) {
                    byte[] p = c.arg(i + 1);
                    pattern = (p.length == 1 && p[0] == '*') ? null : p;
                    i += 2;
                } else if (allowType && c.argIs(i, "type") && left >= 2) {
                    type = c.argString(i + 1);
                    i += 2;
                } else {
                    throw Errors.syntax();
                }
            }
            return new Options(pattern, count, type);
        }

        public boolean matches(byte[] s) {
            return pattern == null || Glob.matches(pattern, s);
        }
    }

    /** The reply for a scan of a missing key: cursor 0, no elements. */
    public static void replyEmpty(io.redraft.resp.ReplySink out) {
        out.arrayHeader(2);
        out.bulk(new byte[]{'0'});
        out.arrayHeader(0);
    }
}

package io.redraft.store.string;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.Errors;
import io.redraft.store.RedisObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** LCS: longest common subsequence by dynamic programming, with Redis 7's reply shapes. */
final class Lcs {
    private Lcs() {
    }

    private record Match(long aStart, long aEnd, long bStart, long bEnd, long len) {
    }

    static void run(Call c) {
        RedisObject oa = c.ks().get(c.key(1), c.now());
        RedisObject ob = c.ks().get(c.key(2), c.now());
        if ((oa != null && !(oa instanceof StringValue)) || (ob != null && !(ob instanceof StringValue))) {
            throw new CommandError("ERR The specified keys must contain string values");
        }
        byte[] a = oa == null ? new byte[0] : ((StringValue) oa).bytes();
        byte[] b = ob == null ? new byte[0] : ((StringValue) ob).bytes();
        boolean getIdx = false, getLen = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "idx")) {
                getIdx = true;
            } else if (c.argIs(j, "len")) {
                getLen = true;
            } else if (c.argIs(j, "withmatchlen")) {
                withMatchLen = true;
            } else if (c.argIs(j, "minmatchlen") && j < c.argc() - 1) {
                minMatchLen = Math.max(0, c.longArg(++j));
            } else {
                throw Errors.syntax();
            }
        }
        if (getIdx && getLen) {
            throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
        }
        int n = a.length, m = b.length;
        if ((long) (n + 1) * (m + 1) * 4 > StringCommands.MAX_STRING) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int[] t = new int[(n + 1) * (m + 1)];
        int w = m + 1;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                t[i * w + j] = a[i - 1] == b[j - 1] ? t[(i - 1) * w + j - 1] + 1
                        : Math.max(t[(i - 1) * w + j], t[i * w + j - 1]);
            }
        }
        int total = t[n * w + m];
        if (getLen) {
            c.out().integer(total);
            return;
        }
        // Walk back from the end, collecting the subsequence and its contiguous ranges in the
        // order Redis emits them (last range first).
        byte[] result = new byte[total];
        List<Match> matches = new ArrayList<>();
        int idx = total;
        int i = n, j = m;
        long aStart = -1, aEnd = 0, bStart = 0, bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart < 0) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (t[(i - 1) * w + j] > t[i * w + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart >= 0) {
                    emit = true;
                }
            }
            if (emit) {
                long len = aEnd - aStart + 1;
                if (minMatchLen == 0 || len >= minMatchLen) {
                    matches.add(new Match(aStart, aEnd, bStart, bEnd, len));
                }
                aStart = -1;
            }
        }
        if (!getIdx) {
            c.out().bulk(result);
            return;
        }
        ReplySink out = c.out();
        out.mapHeader(2);
        out.bulk("matches".getBytes(StandardCharsets.US_ASCII));
        out.arrayHeader(matches.size());
        for (Match x : matches) {
            out.arrayHeader(withMatchLen ? 3 : 2);
            out.arrayHeader(2);
            out.integer(x.aStart());
            out.integer(x.aEnd());
            out.arrayHeader(2);
            out.integer(x.bStart());
            out.integer(x.bEnd());
            if (withMatchLen) {
                out.integer(x.len());
            }
        }
        out.bulk("len".getBytes(StandardCharsets.US_ASCII));
        out.integer(total);
    }
}

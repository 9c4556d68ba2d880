package io.redraft.store.stream;

import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;

import java.util.ArrayList;
import java.util.List;

/**
 * Stream commands that work on entries (Redis's t_stream.c): XADD, XTRIM, XDEL, XLEN, XRANGE,
 * XREVRANGE, XSETID. Consumer groups are in {@link GroupCommands}, reads in {@link StreamReads},
 * XINFO in {@link StreamInfo}. The {@code *} ID's time is the command's leader-fixed {@code now},
 * so every replica assigns the same ID.
 */
public final class StreamCommands {
    private StreamCommands() {
    }

    public static void register(CommandTable t) {
        t.add("xadd", -5, "write denyoom fast random", 1, 1, 1, StreamCommands::xadd);
        t.add("xtrim", -4, "write random", 1, 1, 1, StreamCommands::xtrim);
        t.add("xdel", -3, "write fast", 1, 1, 1, StreamCommands::xdel);
        t.add("xlen", 2, "readonly fast", 1, 1, 1, StreamCommands::xlen);
        t.add("xrange", -4, "readonly", 1, 1, 1, c -> xrange(c, false));
        t.add("xrevrange", -4, "readonly", 1, 1, 1, c -> xrange(c, true));
        t.add("xsetid", -3, "write denyoom fast", 1, 1, 1, StreamCommands::xsetid);
        StreamReads.register(t);
        GroupCommands.register(t);
        StreamInfo.register(t);
    }

    static StreamValue read(Call c, int keyArg) {
        return c.ks().get(c.key(keyArg), c.now(), StreamValue.class);
    }

    static StreamValue write(Call c, int keyArg) {
        return c.ks().getForWrite(c.key(keyArg), c.now(), StreamValue.class);
    }

    /** One entry as XRANGE replies it: [id, [field, value, ...]]. */
    static void entry(ReplySink out, StreamNode n, StreamNode.Entry e) {
        out.arrayHeader(2);
        out.bulk(e.id.bytes());
        byte[][] fields = n.fieldsOf(e);
        out.arrayHeader(2 * e.values.length);
        for (int i = 0; i < e.values.length; i++) {
            out.bulk(fields[i]);
            out.bulk(e.values[i]);
        }
    }

    /** Collected entries of a range, to write once their count is known. */
    record Found(StreamNode node, StreamNode.Entry entry) {
    }

    static List<Found> collect(StreamValue s, StreamId start, StreamId end, long count, boolean rev) {
        List<Found> out = new ArrayList<>();
        s.range(start, end, rev, (n, e) -> {
            out.add(new Found(n, e));
            return count == 0 || out.size() < count;
        });
        return out;
    }

    static void entries(ReplySink out, List<Found> found) {
        out.arrayHeader(found.size());
        for (Found f : found) {
            entry(out, f.node(), f.entry());
        }
    }

    /** An ID argument that may not be "-" or "+" (streamParseStrictIDOrReply). */
    static StreamId strictId(Call c, int i) {
        return StreamId.parse(c.arg(i), true, 0);
    }

    /** A range bound: "(" makes it exclusive; the bare form may be "-" or "+". */
    static StreamId rangeBound(Call c, int i, boolean start) {
        byte[] a = c.arg(i);
        if (a.length > 1 && a[0] == '(') {
            StreamId id = StreamId.parse(java.util.Arrays.copyOfRange(a, 1, a.length), true, start ? 0 : -1L);
            StreamId moved = start ? id.next() : id.previous();
            if (moved == null) {
                throw new CommandError(start ? "ERR invalid start ID for the interval" : "ERR invalid end ID for the interval");
            }
            return moved;
        }
        return StreamId.parse(a, false, start ? 0 : -1L);
    }

    /** Parsed XADD/XTRIM options; {@code idArg} is XADD's ID position. */
    record AddArgs(StreamValue.Trim trim, boolean noMkStream, int idArg, StreamId.Parsed id) {
    }

    /**
     * After MAXLEN or MINID at {@code i}: refuses the second strategy, and reads the optional
     * {@code =} or {@code ~}. Returns how many words the strategy's name and operator take (1 or
     * 2), negative when the operator is {@code ~} (approximate trimming).
     */
    private static int trimOperator(Call c, int i, int more, boolean strategyGiven) {
        if (strategyGiven) {
            throw new CommandError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
        if (more >= 2 && isOp(c.arg(i + 1), '~')) {
            return -2;
        }
        return more >= 2 && isOp(c.arg(i + 1), '=') ? 2 : 1;
    }

    /** streamParseAddOrTrimArgsOrReply. */
    static AddArgs parseAddOrTrim(Call c, boolean xadd) {
        Long maxLen = null;
        StreamId minId = null;
        boolean approx = false;
        long limit = 0;
        boolean limitGiven = false;
        boolean noMk = false;
        StreamId.Parsed id = null;
        int i = 2;
        for (; i < c.argc(); i++) {
            int more = c.argc() - 1 - i;
            byte[] a = c.arg(i);
            if (xadd && a.length >= 1 && a[0] == '*' && (a.length == 1 || a[1] == 0)) {
                break;
            } else if (c.argIs(i, "maxlen") && more > 0) {
                int op = trimOperator(c, i, more, maxLen != null || minId != null);
                approx = op < 0;
                i += Math.abs(op) - 1;
                long v = Nums.parseLong(c.arg(i + 1));
                if (v < 0) {
                    throw new CommandError("ERR The MAXLEN argument must be >= 0.");
                }
                maxLen = v;
                i++;
            } else if (c.argIs(i, "minid") && more > 0) {
                int op = trimOperator(c, i, more, maxLen != null || minId != null);
                approx = op < 0;
                i += Math.abs(op) - 1;
                minId = strictId(c, i + 1);
                i++;
            } else if (c.argIs(i, "limit") && more > 0) {
                limit = Nums.parseLong(c.arg(i + 1));
                if (limit < 0) {
                    throw new CommandError("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && c.argIs(i, "nomkstream")) {
                noMk = true;
            } else if (xadd) {
                id = StreamId.parse(c.arg(i), true, 0, true);
                break;
            } else {
                throw Errors.syntax();
            }
        }
        boolean none = maxLen == null && minId == null;
        if (limit != 0 && none) {
            throw new CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && none) {
            throw new CommandError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!approx) {
                throw new CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else {
            limit = approx ? 100L * StreamValue.NODE_MAX_ENTRIES : 0;
        }
        StreamValue.Trim trim = none ? null : new StreamValue.Trim(maxLen == null ? 0 : maxLen, minId, approx, limit);
        return new AddArgs(trim, noMk, i, id);
    }

    private static boolean isOp(byte[] a, char op) {
        return a.length >= 1 && a[0] == op && (a.length == 1 || a[1] == 0);
    }

    static void xadd(Call c) {
        AddArgs args = parseAddOrTrim(c, true);
        int fieldPos = args.idArg() + 1;
        int n = c.argc() - fieldPos;
        if (n < 2 || n % 2 == 1) {
            throw new CommandError(CommandTable.arityError(c.spec()));
        }
        StreamId.Parsed given = args.id();
        if (given != null && given.seqGiven() && given.id().isZero()) {
            throw new CommandError("ERR The ID specified in XADD must be greater than 0-0");
        }
        Bytes key = c.key(1);
        StreamValue s = write(c, 1);
        if (s == null) {
            if (args.noMkStream()) {
                c.out().nullBulk();
                return;
            }
            s = new StreamValue();
            c.ks().put(key, s);
        }
        if (s.lastId.equals(StreamId.MAX)) {
            throw new CommandError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id;
        if (given == null) {
            long now = c.now();
            id = Long.compareUnsigned(now, s.lastId.ms()) > 0 ? new StreamId(now, 0) : s.lastId.next();
        } else if (given.seqGiven()) {
            id = given.id();
        } else if (given.id().ms() == s.lastId.ms()) {
            if (s.lastId.seq() == -1L) {
                // Redis 7.0.15 reports this overflow with the wrong errno, hence the odd text.
                throw new CommandError("ERR Elements are too large to be stored");
            }
            id = s.lastId.next();
        } else {
            id = given.id();
        }
        if (id.compareTo(s.lastId) <= 0) {
            throw new CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        byte[][] fields = new byte[n / 2][];
        byte[][] values = new byte[n / 2][];
        for (int k = 0; k < n / 2; k++) {
            fields[k] = c.arg(fieldPos + 2 * k);
            values[k] = c.arg(fieldPos + 2 * k + 1);
        }
        s.append(id, fields, values);
        c.ks().signalReady(key); // clients waiting in XREAD / XREADGROUP BLOCK
        c.out().bulk(id.bytes());
        if (args.trim() != null) {
            s.trim(args.trim());
        }
    }

    static void xtrim(Call c) {
        AddArgs args = parseAddOrTrim(c, false);
        StreamValue s = write(c, 1);
        if (s == null) {
            c.out().integer(0);
            return;
        }
        c.out().integer(s.trim(args.trim()));
    }

    static void xdel(Call c) {
        StreamValue s = write(c, 1);
        if (s == null) {
            c.out().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            ids[j - 2] = strictId(c, j);
        }
        long deleted = 0;
        boolean first = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId)) {
                    first = true;
                }
                if (id.compareTo(s.maxDeletedId) > 0) {
                    s.maxDeletedId = id;
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length == 0) {
                s.firstId = StreamId.MIN;
            } else if (first) {
                s.refreshFirstId();
            }
        }
        c.out().integer(deleted);
    }

    static void xlen(Call c) {
        StreamValue s = read(c, 1);
        c.out().integer(s == null ? 0 : s.length);
    }

    static void xrange(Call c, boolean rev) {
        StreamId start = rangeBound(c, rev ? 3 : 2, true);
        StreamId end = rangeBound(c, rev ? 2 : 3, false);
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            if (c.argIs(j, "count") && j + 1 < c.argc()) {
                count = Math.max(0, Nums.parseLong(c.arg(j + 1)));
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = read(c, 1);
        if (s == null) {
            c.out().arrayHeader(0);
            return;
        }
        if (count == 0) {
            c.out().nullArray();
            return;
        }
        entries(c.out(), collect(s, start, end, count == -1 ? 0 : count, rev));
    }

    static void xsetid(Call c) {
        StreamId id = strictId(c, 2);
        long entriesAdded = -1;
        StreamId maxDel = StreamId.MIN;
        for (int i = 3; i < c.argc(); i += 2) {
            boolean more = i + 1 < c.argc();
            if (c.argIs(i, "entriesadded") && more) {
                entriesAdded = Nums.parseLong(c.arg(i + 1));
                if (entriesAdded < 0) {
                    throw new CommandError("ERR entries_added must be positive");
                }
            } else if (c.argIs(i, "maxdeletedid") && more) {
                maxDel = strictId(c, i + 1);
                if (id.compareTo(maxDel) < 0) {
                    throw new CommandError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = write(c, 1);
        if (s == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        if (s.length > 0) {
            if (id.compareTo(s.edge(false)) < 0) {
                throw new CommandError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length > entriesAdded) {
                throw new CommandError("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (!maxDel.isZero()) {
            s.maxDeletedId = maxDel;
        }
        c.ok();
    }
}

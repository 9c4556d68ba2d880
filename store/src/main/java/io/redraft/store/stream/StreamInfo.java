package io.redraft.store.stream;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.Replies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]], GROUPS, CONSUMERS, HELP (Redis 7.0's fields and order). */
final class StreamInfo {
    private StreamInfo() {
    }

    private static final String[] HELP = {
            "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CONSUMERS <key> <groupname>",
            "    Show consumers of <groupname>.",
            "GROUPS <key>",
            "    Show the stream consumer groups.",
            "STREAM <key> [FULL [COUNT <count>]",
            "    Show information about the stream.",
            "HELP",
            "    Prints this help."};

    static void register(CommandTable t) {
        t.container("xinfo", -2, "");
        t.add("xinfo|stream", -3, "readonly", 2, 2, 1, StreamInfo::xinfo);
        t.add("xinfo|groups", 3, "readonly", 2, 2, 1, StreamInfo::xinfo);
        t.add("xinfo|consumers", 4, "readonly random", 2, 2, 1, StreamInfo::xinfo);
        t.add("xinfo|help", 2, "loading stale", 0, 0, 0, c -> GroupCommands.help(c, HELP));
    }

    private static void xinfo(Call c) {
        StreamValue s = StreamCommands.read(c, 2);
        if (s == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        ReplySink out = c.out();
        if (c.argIs(1, "consumers") && c.argc() == 4) {
            ConsumerGroup g = s.group(c.arg(3));
            if (g == null) {
                throw new CommandError("NOGROUP No such consumer group '" + CommandTable.cString(c.arg(3))
                        + "' for key name '" + CommandTable.cString(c.arg(2)) + "'");
            }
            out.arrayHeader(g.consumers.size());
            for (Consumer cons : g.consumers.values()) {
                out.mapHeader(3);
                out.bulk(Replies.ascii("name"));
                out.bulk(cons.name);
                out.bulk(Replies.ascii("pending"));
                out.integer(cons.pel.size());
                out.bulk(Replies.ascii("idle"));
                out.integer(Math.max(0, c.now() - cons.seenTime));
            }
        } else if (c.argIs(1, "groups") && c.argc() == 3) {
            out.arrayHeader(s.groups.size());
            for (Map.Entry<io.redraft.store.Bytes, ConsumerGroup> e : s.groups.entrySet()) {
                ConsumerGroup g = e.getValue();
                out.mapHeader(6);
                out.bulk(Replies.ascii("name"));
                out.bulk(e.getKey().array());
                out.bulk(Replies.ascii("consumers"));
                out.integer(g.consumers.size());
                out.bulk(Replies.ascii("pending"));
                out.integer(g.pel.size());
                out.bulk(Replies.ascii("last-delivered-id"));
                out.bulk(g.lastId.bytes());
                entriesReadAndLag(out, s, g);
            }
        } else if (c.argIs(1, "stream")) {
            stream(c, s);
        } else {
            throw GroupCommands.subcommandSyntax(c);
        }
    }

    private static void entriesReadAndLag(ReplySink out, StreamValue s, ConsumerGroup g) {
        out.bulk(Replies.ascii("entries-read"));
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ) {
            out.integer(g.entriesRead);
        } else {
            out.nullBulk();
        }
        out.bulk(Replies.ascii("lag"));
        Long lag = s.lag(g);
        if (lag == null) {
            out.nullBulk();
        } else {
            out.integer(lag);
        }
    }

    private static void stream(Call c, StreamValue s) {
        int optc = c.argc() - 3;
        boolean full = optc > 0;
        long count = 10;
        if (full) {
            if (optc != 1 && optc != 3) {
                throw GroupCommands.subcommandSyntax(c);
            }
            if (!c.argIs(3, "full")) {
                throw GroupCommands.subcommandSyntax(c);
            }
            if (optc == 3) {
                if (!c.argIs(4, "count")) {
                    throw GroupCommands.subcommandSyntax(c);
                }
                count = Nums.parseLong(c.arg(5));
                if (count < 0) {
                    count = 10;
                }
            }
        }
        ReplySink out = c.out();
        out.mapHeader(full ? 9 : 10);
        out.bulk(Replies.ascii("length"));
        out.integer(s.length);
        out.bulk(Replies.ascii("radix-tree-keys"));
        out.integer(s.nodes.size());
        out.bulk(Replies.ascii("radix-tree-nodes"));
        out.integer(s.raxNodes());
        out.bulk(Replies.ascii("last-generated-id"));
        out.bulk(s.lastId.bytes());
        out.bulk(Replies.ascii("max-deleted-entry-id"));
        out.bulk(s.maxDeletedId.bytes());
        out.bulk(Replies.ascii("entries-added"));
        out.integer(s.entriesAdded);
        out.bulk(Replies.ascii("recorded-first-entry-id"));
        out.bulk(s.firstId.bytes());
        if (!full) {
            out.bulk(Replies.ascii("groups"));
            out.integer(s.groups.size());
            for (boolean rev : new boolean[]{false, true}) {
                out.bulk(Replies.ascii(rev ? "last-entry" : "first-entry"));
                List<StreamCommands.Found> one = StreamCommands.collect(s, StreamId.MIN, StreamId.MAX, 1, rev);
                if (one.isEmpty()) {
                    out.nullBulk();
                } else {
                    StreamCommands.entry(out, one.get(0).node(), one.get(0).entry());
                }
            }
            return;
        }
        out.bulk(Replies.ascii("entries"));
        StreamCommands.entries(out, StreamCommands.collect(s, StreamId.MIN, StreamId.MAX, count, false));
        out.bulk(Replies.ascii("groups"));
        out.arrayHeader(s.groups.size());
        for (Map.Entry<io.redraft.store.Bytes, ConsumerGroup> e : s.groups.entrySet()) {
            ConsumerGroup g = e.getValue();
            out.mapHeader(7);
            out.bulk(Replies.ascii("name"));
            out.bulk(e.getKey().array());
            out.bulk(Replies.ascii("last-delivered-id"));
            out.bulk(g.lastId.bytes());
            entriesReadAndLag(out, s, g);
            out.bulk(Replies.ascii("pel-count"));
            out.integer(g.pel.size());
            out.bulk(Replies.ascii("pending"));
            List<Map.Entry<StreamId, Nack>> pel = first(g.pel, count);
            out.arrayHeader(pel.size());
            for (Map.Entry<StreamId, Nack> p : pel) {
                out.arrayHeader(4);
                out.bulk(p.getKey().bytes());
                out.bulk(p.getValue().consumer.name);
                out.integer(p.getValue().deliveryTime);
                out.integer(p.getValue().deliveryCount);
            }
            out.bulk(Replies.ascii("consumers"));
            out.arrayHeader(g.consumers.size());
            for (Consumer cons : g.consumers.values()) {
                out.mapHeader(4);
                out.bulk(Replies.ascii("name"));
                out.bulk(cons.name);
                out.bulk(Replies.ascii("seen-time"));
                out.integer(cons.seenTime);
                out.bulk(Replies.ascii("pel-count"));
                out.integer(cons.pel.size());
                out.bulk(Replies.ascii("pending"));
                List<Map.Entry<StreamId, Nack>> own = first(cons.pel, count);
                out.arrayHeader(own.size());
                for (Map.Entry<StreamId, Nack> p : own) {
                    out.arrayHeader(3);
                    out.bulk(p.getKey().bytes());
                    out.integer(p.getValue().deliveryTime);
                    out.integer(p.getValue().deliveryCount);
                }
            }
        }
    }

    private static List<Map.Entry<StreamId, Nack>> first(java.util.TreeMap<StreamId, Nack> pel, long count) {
        List<Map.Entry<StreamId, Nack>> out = new ArrayList<>();
        for (Map.Entry<StreamId, Nack> e : pel.entrySet()) {
            if (count != 0 && out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }
}

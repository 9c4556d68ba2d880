package io.redraft.store.stream;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;

import java.util.ArrayList;
import java.util.List;

/**
 * XREAD and XREADGROUP (xreadCommand). BLOCK is parsed; when nothing can be served the store
 * answers a null array, as Redis does where it may not block (inside MULTI): the server makes
 * its client wait instead (docs/blocking.md) and serves it with the command again once a stream
 * it reads grows, {@code $} replaced by {@link #lastIds}.
 */
public final class StreamReads {

    private StreamReads() {
    }

    static void register(CommandTable t) {
        t.add("xread", -4, "readonly movablekeys", 0, 0, 0, argv -> keys(argv, 1), c -> read(c, false));
        t.add("xreadgroup", -7, "write movablekeys", 0, 0, 0, argv -> keys(argv, 4), c -> read(c, true));
    }

    /** Key positions: the first half of the arguments after STREAMS. */
    static List<Integer> keys(List<byte[]> argv, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < argv.size(); i++) {
            if (CommandTable.cString(argv.get(i)).equalsIgnoreCase("streams")) {
                int n = (argv.size() - i - 1) / 2;
                for (int k = 0; k < n; k++) {
                    out.add(i + 1 + k);
                }
                break;
            }
        }
        return out;
    }

    /**
     * XREAD's arguments with every {@code $} replaced by its stream's last id now (0-0 for a
     * missing stream), so that a waiting reader is served what was added after it began waiting.
     */
    public static byte[][] lastIds(io.redraft.store.Keyspace ks, byte[][] argv, long now) {
        byte[][] out = argv.clone();
        List<Integer> keys = keys(java.util.Arrays.asList(argv), 1);
        for (int k = 0; k < keys.size(); k++) {
            int idArg = keys.get(k) + keys.size();
            if (!CommandTable.cString(argv[idArg]).equals("$")) {
                continue;
            }
            io.redraft.store.RedisObject o = ks.peek(io.redraft.store.Bytes.wrap(argv[keys.get(k)]), now);
            out[idArg] = (o instanceof StreamValue s ? s.lastId : StreamId.MIN).bytes();
        }
        return out;
    }

    private static void read(Call c, boolean group) {
        String name = group ? "XREADGROUP" : "XREAD";
        long count = 0;
        boolean block = false;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        int streamsArg = 0;
        int streams = 0;
        for (int i = 1; i < c.argc(); i++) {
            int more = c.argc() - i - 1;
            if (c.argIs(i, "block") && more > 0) {
                i++;
                io.redraft.store.BlockingTimeout.millis(c.arg(i), c.now());
                block = true;
            } else if (c.argIs(i, "count") && more > 0) {
                i++;
                count = Math.max(0, Nums.parseLong(c.arg(i)));
            } else if (c.argIs(i, "streams") && more > 0) {
                streamsArg = i + 1;
                streams = c.argc() - streamsArg;
                if (streams % 2 != 0) {
                    throw new CommandError("ERR Unbalanced " + name
                            + " list of streams: for each stream key an ID or '" + (group ? '>' : '$')
                            + "' must be specified.");
                }
                streams /= 2;
                break;
            } else if (c.argIs(i, "group") && more >= 2) {
                if (!group) {
                    throw new CommandError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = c.arg(i + 1);
                consumerName = c.arg(i + 2);
                i += 2;
            } else if (c.argIs(i, "noack")) {
                if (!group) {
                    throw new CommandError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noack = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (streamsArg == 0) {
            throw Errors.syntax();
        }
        if (group && groupName == null) {
            throw new CommandError("ERR Missing GROUP option for XREADGROUP");
        }
        StreamValue[] values = new StreamValue[streams];
        ConsumerGroup[] groups = new ConsumerGroup[streams];
        StreamId[] ids = new StreamId[streams];
        for (int k = 0; k < streams; k++) {
            int keyArg = streamsArg + k;
            int idArg = keyArg + streams;
            StreamValue s = group ? StreamCommands.write(c, keyArg) : StreamCommands.read(c, keyArg);
            values[k] = s;
            if (group) {
                ConsumerGroup g = s == null ? null : s.group(groupName);
                if (g == null) {
                    throw new CommandError("NOGROUP No such key '" + CommandTable.cString(c.arg(keyArg))
                            + "' or consumer group '" + CommandTable.cString(groupName)
                            + "' in XREADGROUP with GROUP option");
                }
                groups[k] = g;
            }
            String idText = CommandTable.cString(c.arg(idArg));
            if (idText.equals("$")) {
                if (group) {
                    throw new CommandError("ERR The $ ID is meaningless in the context of XREADGROUP: you want "
                            + "to read the history of this consumer by specifying a proper ID, or use the > ID "
                            + "to get new messages. The $ ID would just return an empty result set.");
                }
                ids[k] = s == null ? StreamId.MIN : s.lastId;
            } else if (idText.equals(">")) {
                if (!group) {
                    throw new CommandError("ERR The > ID can be specified only when calling XREADGROUP using "
                            + "the GROUP <group> <consumer> option.");
                }
                ids[k] = StreamId.MAX;
            } else {
                ids[k] = StreamCommands.strictId(c, idArg);
            }
        }
        // Decide what is served before changing anything, so a refused BLOCK leaves no trace.
        boolean[] serve = new boolean[streams];
        boolean[] history = new boolean[streams];
        int served = 0;
        // A key named twice is served twice, the second time after the first moved the group.
        java.util.Map<ConsumerGroup, StreamId> lastIds = new java.util.IdentityHashMap<>();
        for (int k = 0; k < streams; k++) {
            StreamValue s = values[k];
            if (s == null) {
                continue;
            }
            if (group) {
                if (!ids[k].equals(StreamId.MAX)) {
                    serve[k] = true;
                    history[k] = true;
                } else if (s.length > 0) {
                    StreamId last = lastIds.getOrDefault(groups[k], groups[k].lastId);
                    StreamId max = s.edge(false);
                    if (max.compareTo(last) > 0) {
                        serve[k] = true;
                        if (count == 0) {
                            lastIds.put(groups[k], max);
                        } else {
                            List<StreamCommands.Found> next = StreamCommands.collect(s, last.next(), StreamId.MAX, count, false);
                            lastIds.put(groups[k], next.get(next.size() - 1).entry().id);
                        }
                    }
                }
            } else if (s.length > 0 && s.edge(false).compareTo(ids[k]) > 0) {
                serve[k] = true;
            }
            if (serve[k]) {
                served++;
            }
        }
        ReplySink out = c.out();
        if (served == 0) {
            out.nullArray();
            return;
        }
        if (c.ctx().protocol() == 2) {
            out.arrayHeader(served);
        } else {
            out.mapHeader(served);
        }
        for (int k = 0; k < streams; k++) {
            if (!serve[k]) {
                continue;
            }
            if (c.ctx().protocol() == 2) {
                out.arrayHeader(2);
            }
            out.bulk(c.arg(streamsArg + k));
            StreamId start = (group && !history[k] ? groups[k].lastId : ids[k]).next();
            if (!group) {
                StreamCommands.entries(out, start == null ? List.of()
                        : StreamCommands.collect(values[k], start, StreamId.MAX, count, false));
            } else {
                // Redis 7.0 looks the consumer up (or creates it) only for the streams it serves.
                Consumer consumer = groups[k].consumer(consumerName);
                if (consumer == null) {
                    consumer = groups[k].createConsumer(consumerName, c.now());
                }
                consumer.seenTime = c.now();
                if (history[k]) {
                    fromPel(c, values[k], consumer, start, count);
                } else {
                    deliver(c, values[k], groups[k], consumer, start, count, noack);
                }
            }
        }
    }

    /** A consumer's own history: its PEL from {@code start}, deleted entries as [id, nil]. */
    private static void fromPel(Call c, StreamValue s, Consumer consumer, StreamId start, long count) {
        List<StreamId> ids = new ArrayList<>();
        if (start != null) {
            for (StreamId id : consumer.pel.tailMap(start, true).keySet()) {
                if (count != 0 && ids.size() >= count) {
                    break;
                }
                ids.add(id);
            }
        }
        ReplySink out = c.out();
        out.arrayHeader(ids.size());
        for (StreamId id : ids) {
            StreamNode n = s.nodeOf(id);
            if (n == null) {
                out.arrayHeader(2);
                out.bulk(id.bytes());
                out.nullArray();
            } else {
                StreamCommands.entry(out, n, StreamValue.find(n, id));
                Nack nack = consumer.pel.get(id);
                nack.deliveryTime = c.now();
                nack.deliveryCount++;
            }
        }
    }

    /** New entries for the group: moves its last ID and read counter, records them in the PELs. */
    private static void deliver(Call c, StreamValue s, ConsumerGroup g, Consumer consumer, StreamId start,
                                long count, boolean noack) {
        List<StreamCommands.Found> found = start == null ? List.of()
                : StreamCommands.collect(s, start, StreamId.MAX, count, false);
        for (StreamCommands.Found f : found) {
            StreamId id = f.entry().id;
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !s.hasTombstonesFrom(id)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = s.estimateDistance(id);
                }
                g.lastId = id;
            }
            if (!noack) {
                Nack nack = g.pel.get(id);
                if (nack == null) {
                    nack = new Nack(consumer, c.now(), 1);
                    g.pel.put(id, nack);
                    consumer.pel.put(id, nack);
                } else {
                    nack.consumer.pel.remove(id);
                    nack.consumer = consumer;
                    nack.deliveryTime = c.now();
                    nack.deliveryCount = 1;
                    consumer.pel.put(id, nack);
                }
            }
        }
        StreamCommands.entries(c.out(), found);
    }
}

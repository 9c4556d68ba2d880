package io.redraft.store.stream;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Replies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XCLAIM and XAUTOCLAIM: moving pending entries to another consumer. The claiming consumer is
 * looked up (or created) only when an entry is actually claimed, as Redis 7.0 does; entries
 * whose message was deleted leave the PEL.
 */
final class ClaimCommands {
    private ClaimCommands() {
    }

    static void register(CommandTable t) {
        t.add("xclaim", -6, "write fast random", 1, 1, 1, ClaimCommands::xclaim);
        t.add("xautoclaim", -6, "write fast random", 1, 1, 1, ClaimCommands::xautoclaim);
    }

    private static CommandError noGroup(Call c) {
        return GroupCommands.noGroup(c);
    }

    private static String name(byte[] b) {
        return GroupCommands.name(b);
    }

    private static void xclaim(Call c) {
        StreamValue s = StreamCommands.write(c, 1);
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            throw noGroup(c);
        }
        long minIdle = Math.max(0, Replies.rangeLong(c, 4, Long.MIN_VALUE, Long.MAX_VALUE,
                "Invalid min-idle-time argument for XCLAIM"));
        int j = 5;
        List<StreamId> ids = new ArrayList<>();
        for (; j < c.argc(); j++) {
            try {
                ids.add(StreamCommands.strictId(c, j));
            } catch (CommandError notAnId) {
                break;
            }
        }
        long now = c.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < c.argc(); j++) {
            boolean more = j < c.argc() - 1;
            if (c.argIs(j, "force")) {
                force = true;
            } else if (c.argIs(j, "justid")) {
                justId = true;
            } else if (c.argIs(j, "idle") && more) {
                j++;
                deliveryTime = now - Replies.rangeLong(c, j, Long.MIN_VALUE, Long.MAX_VALUE,
                        "Invalid IDLE option argument for XCLAIM");
            } else if (c.argIs(j, "time") && more) {
                j++;
                deliveryTime = Replies.rangeLong(c, j, Long.MIN_VALUE, Long.MAX_VALUE,
                        "Invalid TIME option argument for XCLAIM");
            } else if (c.argIs(j, "retrycount") && more) {
                j++;
                retryCount = Replies.rangeLong(c, j, Long.MIN_VALUE, Long.MAX_VALUE,
                        "Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (c.argIs(j, "lastid") && more) {
                j++;
                lastId = StreamCommands.strictId(c, j);
            } else {
                throw new CommandError("ERR Unrecognized XCLAIM option '" + name(c.arg(j)) + "'");
            }
        }
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        Consumer consumer = null;
        List<Object> reply = new ArrayList<>();
        for (StreamId id : ids) {
            Nack nack = g.pel.get(id);
            if (!s.exists(id)) {
                if (nack != null) {
                    g.ack(id, nack);
                }
                continue;
            }
            if (force && nack == null) {
                nack = new Nack(null, now, 1);
                g.pel.put(id, nack);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer != null && minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            consumer = claimer(c, g, consumer);
            claim(g, nack, id, consumer, deliveryTime, retryCount, justId);
            reply.add(id);
        }
        writeClaimed(c, s, reply, justId);
    }

    /** The claiming consumer, looked up (and seen) or created on first need. */
    private static Consumer claimer(Call c, ConsumerGroup g, Consumer known) {
        if (known != null) {
            return known;
        }
        Consumer consumer = g.consumer(c.arg(3));
        if (consumer == null) {
            consumer = g.createConsumer(c.arg(3), c.now());
        }
        consumer.seenTime = c.now();
        return consumer;
    }

    private static void claim(ConsumerGroup g, Nack nack, StreamId id, Consumer consumer, long deliveryTime,
                              long retryCount, boolean justId) {
        if (nack.consumer != consumer && nack.consumer != null) {
            nack.consumer.pel.remove(id);
        }
        nack.deliveryTime = deliveryTime;
        if (retryCount >= 0) {
            nack.deliveryCount = retryCount;
        } else if (!justId) {
            nack.deliveryCount++;
        }
        if (nack.consumer != consumer) {
            consumer.pel.put(id, nack);
            nack.consumer = consumer;
        }
    }

    private static void writeClaimed(Call c, StreamValue s, List<?> ids, boolean justId) {
        ReplySink out = c.out();
        out.arrayHeader(ids.size());
        for (Object o : ids) {
            StreamId id = (StreamId) o;
            if (justId) {
                out.bulk(id.bytes());
            } else {
                StreamNode n = s.nodeOf(id);
                if (n == null) {
                    out.nullBulk();
                } else {
                    StreamCommands.entry(out, n, StreamValue.find(n, id));
                }
            }
        }
    }

    /**
     * Redis allocates 16 bytes per COUNT up front and answers this error when the allocation
     * fails, which on x86-64 (47-bit address space) happens between 4e12 and 6e12; we fix the
     * limit at 2^42 so every replica decides alike.
     */
    static final long MAX_AUTOCLAIM_COUNT = 1L << 42;

    private static void xautoclaim(Call c) {
        long minIdle = Math.max(0, Replies.rangeLong(c, 4, Long.MIN_VALUE, Long.MAX_VALUE,
                "Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = StreamCommands.rangeBound(c, 5, true);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < c.argc(); j++) {
            boolean more = j < c.argc() - 1;
            if (c.argIs(j, "count") && more) {
                count = Replies.rangeLong(c, j + 1, 1, Long.MAX_VALUE / 16, "COUNT must be > 0");
                j++;
            } else if (c.argIs(j, "justid")) {
                justId = true;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = StreamCommands.write(c, 1);
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            throw noGroup(c);
        }
        if (count > MAX_AUTOCLAIM_COUNT) {
            throw new CommandError("ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
        }
        long attempts = count * 10;
        long now = c.now();
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId cursor = start;
        StreamId next = null;
        while (true) {
            Map.Entry<StreamId, Nack> e = g.pel.ceilingEntry(cursor);
            if (attempts-- == 0 || count == 0 || e == null) {
                if (e != null) {
                    next = e.getKey();
                }
                break;
            }
            StreamId id = e.getKey();
            Nack nack = e.getValue();
            StreamId after = id.next();
            if (!s.exists(id)) {
                g.ack(id, nack);
                deleted.add(id);
                count--;
            } else if (minIdle == 0 || now - nack.deliveryTime >= minIdle) {
                consumer = claimer(c, g, consumer);
                claim(g, nack, id, consumer, now, -1, justId);
                claimed.add(id);
                count--;
            }
            if (after == null) {
                break;
            }
            cursor = after;
        }
        ReplySink out = c.out();
        out.arrayHeader(3);
        out.bulk((next == null ? StreamId.MIN : next).bytes());
        writeClaimed(c, s, claimed, justId);
        out.arrayHeader(deleted.size());
        for (StreamId id : deleted) {
            out.bulk(id.bytes());
        }
    }
}

package io.redraft.testkit.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A stream with one consumer group (docs/testing.md, "stream"): producers XADD entries whose
 * field {@code v} is unique in the run; consumers XREADGROUP with {@code >} and XACK what they got,
 * and from time to time XAUTOCLAIM entries idle for a second; one consumer (process 1) reads and
 * never acknowledges, so its entries are claimed by the others. After the faults are healed a last
 * consumer drains the group, and the stream, the group's PEL and its last delivered id are read.
 * {@link StreamChecker} judges the history.
 *
 * <p>An XADD whose outcome is unknown is not retried: the unique field tells, at the end, whether it
 * is in the stream, and under which id.
 */
final class StreamWorkload implements Workload {
    static final String KEY = "events";
    static final String GROUP = "workers";
    /** Claim only entries idle this long: a healthy consumer acknowledges well within it. */
    static final String CLAIM_IDLE_MS = "1000";
    static final int READ_COUNT = 10;

    enum Kind { ADD, READ, CLAIM, ACK, FINAL_RANGE, FINAL_PENDING, FINAL_GROUP }

    enum Outcome { OK, FAIL, INFO }

    /** A stream entry: its id and the unique value of its field {@code v}. */
    record Item(String id, String value) {}

    /**
     * One operation. ADD: {@code value} sent and {@code id} answered. READ/CLAIM: {@code items}
     * delivered to {@code consumer}. ACK: {@code ids} acknowledged. FINAL_RANGE: the whole stream in
     * {@code items}; FINAL_PENDING: the PEL's ids; FINAL_GROUP: the last delivered id in {@code id}.
     */
    record Event(int process, Kind kind, Outcome outcome, String consumer, String value, String id, List<Item> items,
                 List<String> ids, long invokedNs, long completedNs) {}

    private final long seed;
    private final List<Event> history = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextValue = new AtomicLong(1);
    private final AtomicLong addsAcknowledged = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong claimed = new AtomicLong();

    StreamWorkload(long seed) {
        this.seed = seed;
    }

    /** XADDs answered with an id so far. */
    long addsAcknowledged() {
        return addsAcknowledged.get();
    }

    /** Entries delivered to consumers (reads and claims) so far. */
    long delivered() {
        return delivered.get();
    }

    /** Entries XAUTOCLAIM took from another consumer so far. */
    long claimed() {
        return claimed.get();
    }

    @Override
    public void runClient(int process, ClusterClient client, BooleanSupplier running) {
        Random rnd = new Random(seed * 7919 + process);
        String consumer = "c" + process;
        if (!ensureGroup(client, running)) return;
        int round = 0;
        while (running.getAsBoolean()) {
            round++;
            if (process == 1) {
                // The stalled consumer: takes a few entries now and then and never acknowledges them.
                read(process, client, consumer, 2);
                LockSupport.parkNanos(200_000_000L);
            } else if (process % 2 == 0 && (process > 0 || rnd.nextInt(4) > 0)) {
                add(process, client);
            } else if (round % 8 == 0) {
                List<Item> claimed = claim(process, client, consumer);
                if (claimed != null && !claimed.isEmpty()) ack(process, client, ids(claimed));
            } else {
                List<Item> got = read(process, client, consumer, READ_COUNT);
                if (got != null && !got.isEmpty()) ack(process, client, ids(got));
                // Every XREADGROUP is a log entry: an idle consumer should not flood the log.
                else if (got != null) LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    /** XGROUP CREATE ... 0 MKSTREAM from every client: the first creates, the others find it there. */
    private static boolean ensureGroup(ClusterClient client, BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                client.jedis().sendCommand(Protocol.Command.XGROUP, "CREATE", KEY, GROUP, "0", "MKSTREAM");
                return true;
            } catch (RuntimeException e) {
                if (e instanceof JedisDataException && !(e instanceof JedisConnectionException)
                        && String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                    return true;
                }
                client.failed(e);
            }
        }
        return false;
    }

    private void add(int process, ClusterClient client) {
        String value = Long.toString(nextValue.getAndIncrement());
        long invoked = System.nanoTime();
        try {
            Object r = client.jedis().sendCommand(Protocol.Command.XADD, KEY, "*", "v", value);
            history.add(new Event(process, Kind.ADD, Outcome.OK, null, value, text(r), null, null, invoked, System.nanoTime()));
            addsAcknowledged.incrementAndGet();
        } catch (RuntimeException e) {
            history.add(new Event(process, Kind.ADD, outcome(client.failed(e)), null, value, null, null, null, invoked,
                    System.nanoTime()));
        }
    }

    /** Null when the read failed or its outcome is unknown. */
    private List<Item> read(int process, ClusterClient client, String consumer, int count) {
        long invoked = System.nanoTime();
        try {
            Object r = client.jedis().sendCommand(Protocol.Command.XREADGROUP, "GROUP", GROUP, consumer,
                    "COUNT", Integer.toString(count), "STREAMS", KEY, ">");
            List<Item> items = r == null ? List.of() : items(list(list(list(r).get(0)).get(1)));
            history.add(new Event(process, Kind.READ, Outcome.OK, consumer, null, null, items, null, invoked, System.nanoTime()));
            delivered.addAndGet(items.size());
            return items;
        } catch (RuntimeException e) {
            // A lost reply leaves its entries in the consumer's PEL, where XAUTOCLAIM finds them.
            history.add(new Event(process, Kind.READ, outcome(client.failed(e)), consumer, null, null, List.of(), null, invoked,
                    System.nanoTime()));
            return null;
        }
    }

    private List<Item> claim(int process, ClusterClient client, String consumer) {
        long invoked = System.nanoTime();
        try {
            Object r = client.jedis().sendCommand(Protocol.Command.XAUTOCLAIM, KEY, GROUP, consumer, CLAIM_IDLE_MS, "0-0",
                    "COUNT", "20");
            List<Item> items = items(list(list(r).get(1)));
            history.add(new Event(process, Kind.CLAIM, Outcome.OK, consumer, null, null, items, null, invoked, System.nanoTime()));
            delivered.addAndGet(items.size());
            claimed.addAndGet(items.size());
            return items;
        } catch (RuntimeException e) {
            history.add(new Event(process, Kind.CLAIM, outcome(client.failed(e)), consumer, null, null, List.of(), null, invoked,
                    System.nanoTime()));
            return null;
        }
    }

    private void ack(int process, ClusterClient client, List<String> ids) {
        String[] args = new String[ids.size() + 2];
        args[0] = KEY;
        args[1] = GROUP;
        for (int i = 0; i < ids.size(); i++) args[i + 2] = ids.get(i);
        long invoked = System.nanoTime();
        try {
            client.jedis().sendCommand(Protocol.Command.XACK, args);
            history.add(new Event(process, Kind.ACK, Outcome.OK, null, null, null, null, ids, invoked, System.nanoTime()));
        } catch (RuntimeException e) {
            history.add(new Event(process, Kind.ACK, outcome(client.failed(e)), null, null, null, null, ids, invoked,
                    System.nanoTime()));
        }
    }

    private static Outcome outcome(ClusterClient.Fate fate) {
        return fate == ClusterClient.Fate.FAIL ? Outcome.FAIL : Outcome.INFO;
    }

    /** Entries as XRANGE, XREADGROUP and XAUTOCLAIM answer them: id, then field-value pairs. */
    private static List<Item> items(List<Object> entries) {
        List<Item> out = new ArrayList<>(entries.size());
        for (Object o : entries) {
            List<Object> e = list(o);
            List<Object> fields = e.get(1) == null ? List.of() : list(e.get(1));
            String value = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (text(fields.get(i)).equals("v")) value = text(fields.get(i + 1));
            }
            out.add(new Item(text(e.get(0)), value));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    /**
     * Drains the group with a consumer of its own until {@code >} gives nothing, then reads the
     * stream, the PEL and the group's last delivered id, retrying each until it is answered.
     */
    @Override
    public void finalReads(ClusterClient client) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            List<Item> got = read(-1, client, "drain", 1000);
            if (got != null && got.isEmpty()) break;
            if (got == null) giveUpAfter(deadline, "draining the group");
        }
        List<Item> stream = new ArrayList<>();
        String from = "-";
        while (true) {
            try {
                List<Item> page = items(list(client.jedis().sendCommand(Protocol.Command.XRANGE, KEY, from, "+", "COUNT", "1000")));
                stream.addAll(page);
                if (page.size() < 1000) break;
                from = "(" + page.get(page.size() - 1).id();
            } catch (RuntimeException e) {
                client.failed(e);
                giveUpAfter(deadline, "reading the stream");
            }
        }
        history.add(new Event(-1, Kind.FINAL_RANGE, Outcome.OK, null, null, null, stream, null, 0, 0));
        List<String> pending = new ArrayList<>();
        from = "-";
        while (true) {
            try {
                List<Object> page = list(client.jedis().sendCommand(Protocol.Command.XPENDING, KEY, GROUP, from, "+", "1000"));
                for (Object p : page) pending.add(text(list(p).get(0)));
                if (page.size() < 1000) break;
                from = "(" + pending.get(pending.size() - 1);
            } catch (RuntimeException e) {
                client.failed(e);
                giveUpAfter(deadline, "reading the PEL");
            }
        }
        history.add(new Event(-1, Kind.FINAL_PENDING, Outcome.OK, null, null, null, null, pending, 0, 0));
        while (true) {
            try {
                List<Object> groups = list(client.jedis().sendCommand(Protocol.Command.XINFO, "GROUPS", KEY));
                List<Object> g = list(groups.get(0));
                String last = null;
                for (int i = 0; i + 1 < g.size(); i += 2) {
                    if (text(g.get(i)).equals("last-delivered-id")) last = text(g.get(i + 1));
                }
                history.add(new Event(-1, Kind.FINAL_GROUP, Outcome.OK, GROUP, null, last, null, null, 0, 0));
                break;
            } catch (RuntimeException e) {
                client.failed(e);
                giveUpAfter(deadline, "reading the group");
            }
        }
    }

    private static void giveUpAfter(long deadline, String what) {
        if (System.nanoTime() > deadline) throw new IllegalStateException(what + " never succeeded");
    }

    /** The stream as the final reads found it (empty before them). */
    List<Item> finalStream() {
        synchronized (history) {
            for (Event e : history) if (e.kind() == Kind.FINAL_RANGE) return e.items();
        }
        return List.of();
    }

    @Override
    public Verdict check() {
        List<Event> h;
        synchronized (history) {
            h = List.copyOf(history);
        }
        return StreamChecker.check(h);
    }

    @Override
    public String counts() {
        int adds = 0, addsOk = 0, reads = 0, readItems = 0, claims = 0, claimed = 0, acks = 0, acksOk = 0, open = 0;
        synchronized (history) {
            for (Event e : history) {
                if (e.process() < 0) continue;
                if (e.outcome() == Outcome.INFO) open++;
                switch (e.kind()) {
                    case ADD -> {
                        adds++;
                        if (e.outcome() == Outcome.OK) addsOk++;
                    }
                    case READ -> {
                        reads++;
                        readItems += e.items().size();
                    }
                    case CLAIM -> {
                        claims++;
                        claimed += e.items().size();
                    }
                    case ACK -> {
                        acks++;
                        if (e.outcome() == Outcome.OK) acksOk++;
                    }
                    default -> { }
                }
            }
        }
        return "xadd=" + adds + " (ok=" + addsOk + ") xreadgroup=" + reads + " (delivered=" + readItems + ") xautoclaim="
                + claims + " (claimed=" + claimed + ") xack=" + acks + " (ok=" + acksOk + ") open=" + open;
    }

    @Override
    public void writeHistory(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        synchronized (history) {
            for (Event e : history) {
                sb.append("{\"process\":").append(e.process()).append(",\"f\":\"").append(e.kind().name().toLowerCase())
                        .append("\",\"outcome\":\"").append(e.outcome().name().toLowerCase()).append('"');
                if (e.consumer() != null) sb.append(",\"consumer\":\"").append(e.consumer()).append('"');
                if (e.value() != null) sb.append(",\"value\":\"").append(e.value()).append('"');
                if (e.id() != null) sb.append(",\"id\":\"").append(e.id()).append('"');
                if (e.items() != null) {
                    sb.append(",\"items\":").append(e.items().stream().map(i -> "[\"" + i.id() + "\",\"" + i.value() + "\"]").toList());
                }
                if (e.ids() != null) sb.append(",\"ids\":").append(e.ids().stream().map(i -> '"' + i + '"').toList());
                sb.append(",\"invoked_ns\":").append(e.invokedNs()).append(",\"completed_ns\":").append(e.completedNs()).append("}\n");
            }
        }
        Files.writeString(file, sb);
    }
}

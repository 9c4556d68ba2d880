package io.redraft.testkit.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A work queue (docs/blocking.md): producers RPUSH values unique in the whole run onto a few
 * queues, consumers take them with BLPOP on all the queues at once. After the faults are healed
 * the queues are read once more. The checker holds the queue to "exactly once": every value a
 * producer saw acknowledged was consumed once or is still queued; no value is consumed twice, or
 * consumed and still queued, or consumed without having been produced.
 *
 * <p>One loss is allowed per consumer BLPOP whose outcome stayed open (its connection broke or
 * timed out with no reply): the server pops only for a connected client, but a client whose
 * connection dies after the pop was applied, as when the node it is connected to is killed,
 * cannot be told. An UNBLOCKED error is a definite "nothing popped" and allows none.
 */
final class QueueWorkload implements Workload {
    static final int QUEUES = 3;
    /** Below the clients' socket timeout: a wait that ends normally is not mistaken for a dead node. */
    static final String BLPOP_TIMEOUT = "0.5";

    enum Kind { PRODUCE, CONSUME, FINAL_READ }

    enum Outcome { OK, FAIL, INFO }

    /** One operation: a value produced or consumed (null: a BLPOP that timed out), or a final read's contents. */
    record Event(int process, Kind kind, Outcome outcome, String queue, String value, List<String> read) {}

    private final long seed;
    private final List<Event> history = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextValue = new AtomicLong(1);

    QueueWorkload(long seed) {
        this.seed = seed;
    }

    static String queue(int i) {
        return "queue" + i;
    }

    @Override
    public void runClient(int process, ClusterClient client, BooleanSupplier running) {
        Random rnd = new Random(seed * 7919 + process);
        while (running.getAsBoolean()) {
            // Odd processes consume, even ones produce; process 0 does both, so a lone client still consumes.
            boolean produce = process % 2 == 0 && (process > 0 || rnd.nextBoolean());
            if (produce) produce(process, client, queue(rnd.nextInt(QUEUES)));
            else consume(process, client);
        }
    }

    private void produce(int process, ClusterClient client, String queue) {
        String value = Long.toString(nextValue.getAndIncrement());
        try {
            client.jedis().sendCommand(Protocol.Command.RPUSH, queue, value);
            history.add(new Event(process, Kind.PRODUCE, Outcome.OK, queue, value, null));
        } catch (RuntimeException e) {
            ClusterClient.Fate fate = client.failed(e);
            history.add(new Event(process, Kind.PRODUCE, fate == ClusterClient.Fate.FAIL ? Outcome.FAIL : Outcome.INFO,
                    queue, value, null));
        }
    }

    private void consume(int process, ClusterClient client) {
        String[] args = new String[QUEUES + 1];
        for (int i = 0; i < QUEUES; i++) args[i] = queue(i);
        args[QUEUES] = BLPOP_TIMEOUT;
        try {
            Object r = client.jedis().sendCommand(Protocol.Command.BLPOP, args);
            if (r == null) {
                history.add(new Event(process, Kind.CONSUME, Outcome.OK, null, null, null));
                return;
            }
            List<?> kv = (List<?>) r;
            history.add(new Event(process, Kind.CONSUME, Outcome.OK, text(kv.get(0)), text(kv.get(1)), null));
        } catch (RuntimeException e) {
            boolean definite = e instanceof JedisDataException && !(e instanceof JedisConnectionException)
                    && String.valueOf(e.getMessage()).startsWith("UNBLOCKED");
            ClusterClient.Fate fate = client.failed(e);
            history.add(new Event(process, Kind.CONSUME, definite || fate == ClusterClient.Fate.FAIL ? Outcome.FAIL
                    : Outcome.INFO, null, null, null));
        }
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    @Override
    public void finalReads(ClusterClient client) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < QUEUES; i++) {
            while (true) {
                try {
                    Jedis j = client.jedis();
                    history.add(new Event(-1, Kind.FINAL_READ, Outcome.OK, queue(i), null, j.lrange(queue(i), 0, -1)));
                    break;
                } catch (RuntimeException e) {
                    client.failed(e);
                    if (System.nanoTime() > deadline) throw new IllegalStateException("final read of " + queue(i) + " never succeeded");
                }
            }
        }
    }

    @Override
    public Verdict check() {
        List<Event> h;
        synchronized (history) {
            h = List.copyOf(history);
        }
        return check(h);
    }

    /** The checker, on any history (tests give it made-up ones). */
    static Verdict check(List<Event> h) {
        Set<String> acked = new HashSet<>(), maybe = new HashSet<>();
        Map<String, Integer> consumed = new HashMap<>();
        Set<String> remaining = new HashSet<>();
        int openPops = 0, reads = 0;
        List<String> problems = new ArrayList<>();
        for (Event e : h) {
            switch (e.kind()) {
                case PRODUCE -> {
                    if (e.outcome() == Outcome.OK) acked.add(e.value());
                    else if (e.outcome() == Outcome.INFO) maybe.add(e.value());
                }
                case CONSUME -> {
                    if (e.outcome() == Outcome.INFO) openPops++;
                    else if (e.value() != null) consumed.merge(e.value(), 1, Integer::sum);
                }
                case FINAL_READ -> {
                    reads++;
                    for (String v : e.read()) {
                        if (!remaining.add(v)) problems.add("value " + v + " is queued twice at the end");
                    }
                }
            }
        }
        if (reads < QUEUES) problems.add("the queues were not all read at the end (" + reads + " of " + QUEUES + ")");
        for (var c : consumed.entrySet()) {
            String v = c.getKey();
            if (c.getValue() > 1) problems.add("value " + v + " consumed " + c.getValue() + " times");
            if (remaining.contains(v)) problems.add("value " + v + " consumed and still queued");
            if (!acked.contains(v) && !maybe.contains(v)) problems.add("value " + v + " consumed but never produced");
        }
        for (String v : remaining) {
            if (!acked.contains(v) && !maybe.contains(v)) problems.add("value " + v + " queued but never produced");
        }
        List<String> lost = new ArrayList<>();
        for (String v : acked) if (!consumed.containsKey(v) && !remaining.contains(v)) lost.add(v);
        Collections.sort(lost);
        if (lost.size() > openPops) {
            problems.add(lost.size() + " acknowledged values lost (neither consumed nor queued), more than the "
                    + openPops + " BLPOPs left without an answer: " + lost.subList(0, Math.min(20, lost.size())));
        }
        String summary = "queue: " + (problems.isEmpty() ? "valid" : "INVALID") + ", " + acked.size() + " acknowledged, "
                + consumed.size() + " consumed, " + remaining.size() + " still queued, " + lost.size()
                + " lost within " + openPops + " unanswered BLPOPs";
        return new Verdict(summary, problems);
    }

    @Override
    public String counts() {
        int produced = 0, producedOk = 0, consumes = 0, consumed = 0, open = 0;
        synchronized (history) {
            for (Event e : history) {
                if (e.kind() == Kind.PRODUCE) {
                    produced++;
                    if (e.outcome() == Outcome.OK) producedOk++;
                } else if (e.kind() == Kind.CONSUME) {
                    consumes++;
                    if (e.value() != null) consumed++;
                    if (e.outcome() == Outcome.INFO) open++;
                }
            }
        }
        return "rpush=" + produced + " (ok=" + producedOk + ") blpop=" + consumes + " (took=" + consumed + " open=" + open + ")";
    }

    @Override
    public void writeHistory(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        synchronized (history) {
            for (Event e : history) {
                sb.append("{\"process\":").append(e.process()).append(",\"f\":\"").append(e.kind().name().toLowerCase())
                        .append("\",\"outcome\":\"").append(e.outcome().name().toLowerCase()).append("\",\"queue\":")
                        .append(e.queue() == null ? "null" : '"' + e.queue() + '"').append(",\"value\":")
                        .append(e.value() == null ? "null" : '"' + e.value() + '"');
                if (e.read() != null) sb.append(",\"read\":").append(e.read().stream().map(v -> '"' + v + '"').toList());
                sb.append("}\n");
            }
        }
        Files.writeString(file, sb);
    }
}

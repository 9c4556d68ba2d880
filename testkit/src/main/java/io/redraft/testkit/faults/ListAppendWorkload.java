package io.redraft.testkit.faults;

import io.redraft.testkit.elle.Anomaly;
import io.redraft.testkit.elle.ElleResult;
import io.redraft.testkit.elle.ListAppendChecker;
import io.redraft.testkit.elle.MicroOp;
import io.redraft.testkit.elle.Txn;
import io.redraft.testkit.elle.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Elle's list-append workload on Redis lists: transactions of 1-4 micro-ops, each an RPUSH of a
 * value unique in the whole run or an LRANGE k 0 -1, on a few hot keys. Multi-op transactions run
 * in MULTI/EXEC; single ops run bare or in MULTI/EXEC at random. A key is retired after
 * {@link #APPENDS_PER_KEY} appends so that reads (and the checker's work) stay short.
 *
 * <p>With sessions (the default, {@code --sessions yes}) each client opens a client session
 * (docs/protocol.md, "Client sessions") and a transaction that appends is retried, on a fresh
 * connection tagged with the same sequence number, until it gets a reply: the server applies it
 * once and answers repeats from memory, so appends are never duplicated and rarely indeterminate.
 * Without sessions an indeterminate append is given up (Redis's at-least-once behaviour).
 */
final class ListAppendWorkload implements Workload {
    static final int HOT_KEYS = 5;
    static final int APPENDS_PER_KEY = 200;

    private final long seed;
    private final List<Txn> history = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong nextValue = new AtomicLong(1);
    /** One pool per hash tag; a transaction takes its keys from one pool, so they share a slot. */
    private final List<KeyPool> pools = new ArrayList<>();
    private final boolean sessions;
    private final AtomicLong retries = new AtomicLong();
    private final SharedReads reads = new SharedReads();

    ListAppendWorkload(long seed, boolean sessions) {
        this(seed, sessions, List.of(""));
    }

    /**
     * @param tags hash tags, one key pool each: {@code ""} for untagged keys (one group), else keys
     *             {@code la<n>{tag}} whose slot the tag fixes (shard groups: tags spread over every group)
     */
    ListAppendWorkload(long seed, boolean sessions, List<String> tags) {
        this.seed = seed;
        this.sessions = sessions;
        for (String tag : tags) pools.add(new KeyPool(HOT_KEYS, APPENDS_PER_KEY, tag));
    }

    ListAppendWorkload(long seed) {
        this(seed, false);
    }

    /** One client's session: its id (0 until opened), the next write's number, the connection tagged with it. */
    private static final class Session {
        long id;
        long next = 1;
        Jedis tagged;
    }

    @Override
    public void runClient(int process, ClusterClient client, BooleanSupplier running) {
        Random rnd = new Random(seed * 7919 + process);
        // Per group: a session lives in one group's state machine.
        Session[] perGroup = new Session[client.groups()];
        while (running.getAsBoolean()) {
            int n = 1 + rnd.nextInt(4);
            // Drawn only when there is a choice, so that a single pool keeps the seed's old sequence.
            KeyPool keys = pools.size() == 1 ? pools.get(0) : pools.get(rnd.nextInt(pools.size()));
            List<MicroOp> plan = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = keys.pick(rnd);
                plan.add(rnd.nextBoolean() ? MicroOp.append(key, nextValue.getAndIncrement()) : MicroOp.read(key));
                if (plan.get(i).isAppend()) keys.appended(key);
            }
            boolean multi = n > 1 || rnd.nextBoolean();
            if (sessions && plan.stream().anyMatch(MicroOp::isAppend)) {
                int g = client.group(plan.get(0).key());
                if (perGroup[g] == null) perGroup[g] = new Session();
                exactlyOnce(process, client, perGroup[g], plan, multi, running);
            } else {
                execute(process, client, plan, multi);
            }
        }
    }

    /**
     * Runs an appending transaction as write {@code session.next} of the client's session, retrying
     * it with that number on fresh connections until it is answered (or the run ends: then its
     * outcome stays open). Every attempt after the first is a retry of the same write.
     */
    private void exactlyOnce(int process, ClusterClient client, Session session, List<MicroOp> plan, boolean multi,
            BooleanSupplier running) {
        long invoked = System.nanoTime();
        boolean mayHaveHappened = false; // some earlier attempt was sent and its fate is open
        while (true) {
            boolean sent = false;
            try {
                Jedis j = client.jedis(plan.get(0).key());
                if (session.id == 0) {
                    session.id = (Long) j.sendCommand(Protocol.Command.CLIENT, "SESSION", "NEW");
                    session.next = 1;
                }
                if (session.tagged != j) {
                    j.sendCommand(Protocol.Command.CLIENT, "SESSION", Long.toString(session.id), Long.toString(session.next));
                    session.tagged = j;
                }
                sent = true;
                List<Object> replies = send(j, plan, multi);
                session.next++;
                long completed = System.nanoTime();
                if (replies == null) record(process, plan, mayHaveHappened ? Txn.Outcome.INFO : Txn.Outcome.FAIL, invoked, completed);
                else recordReplies(process, client, plan, replies, invoked, completed);
                return;
            } catch (RuntimeException e) {
                ClusterClient.Fate fate = client.failed(e);
                boolean lost = ClusterClient.sessionLost(e);
                // A session error is the state machine refusing this attempt; anything else may have applied it.
                if (sent && !lost && fate == ClusterClient.Fate.INFO) mayHaveHappened = true;
                if (lost) session.id = 0; // the next transaction opens a new session
                if (lost || !running.getAsBoolean()) {
                    record(process, plan, mayHaveHappened ? Txn.Outcome.INFO : Txn.Outcome.FAIL, invoked, System.nanoTime());
                    return;
                }
                retries.incrementAndGet();
            }
        }
    }

    /** Runs one transaction and records it; returns whether it was acknowledged. */
    private boolean execute(int process, ClusterClient client, List<MicroOp> plan, boolean multi) {
        long invoked = System.nanoTime();
        try {
            List<Object> replies = send(client.jedis(plan.get(0).key()), plan, multi);
            if (replies == null) {
                record(process, plan, Txn.Outcome.FAIL, invoked, System.nanoTime());
                return false;
            }
            return recordReplies(process, client, plan, replies, invoked, System.nanoTime());
        } catch (RuntimeException e) {
            ClusterClient.Fate fate = client.failed(e);
            record(process, plan, fate == ClusterClient.Fate.FAIL ? Txn.Outcome.FAIL : Txn.Outcome.INFO, invoked, System.nanoTime());
            return false;
        }
    }

    /** Sends the transaction; the replies in plan order, or null when EXEC returned a null array. */
    private static List<Object> send(Jedis j, List<MicroOp> plan, boolean multi) {
        if (!multi) return List.of(send(j, plan.get(0)));
        j.sendCommand(Protocol.Command.MULTI);
        for (MicroOp op : plan) send(j, op);
        Object exec = j.sendCommand(Protocol.Command.EXEC);
        return exec == null ? null : castList(exec);
    }

    /** Records an answered transaction; returns whether every micro-op succeeded. */
    private boolean recordReplies(int process, ClusterClient client, List<MicroOp> plan, List<Object> replies,
            long invoked, long completed) {
        List<MicroOp> done = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Object r = replies.get(i);
            if (r instanceof JedisDataException) {
                // EXEC ran the other commands: the appends may have happened although this one failed.
                client.failed((JedisDataException) r);
                record(process, plan, Txn.Outcome.INFO, invoked, completed);
                return false;
            }
            MicroOp op = plan.get(i);
            done.add(op.isAppend() ? op : op.withRead(reads.share(op.key(), parseList(r))));
        }
        record(process, done, Txn.Outcome.OK, invoked, completed);
        return true;
    }

    private static Object send(Jedis j, MicroOp op) {
        return op.isAppend()
                ? j.sendCommand(Protocol.Command.RPUSH, op.key(), Long.toString(op.value()))
                : j.sendCommand(Protocol.Command.LRANGE, op.key(), "0", "-1");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private static long[] parseList(Object reply) {
        List<Object> items = castList(reply);
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) values[i] = Long.parseLong(new String((byte[]) items.get(i), StandardCharsets.UTF_8));
        return values;
    }

    /**
     * Reads of one key are prefixes of each other in a valid history: such a read keeps only a
     * view of the longest one's array, so a long run's history costs memory per key, not per read.
     */
    static final class SharedReads {
        private final java.util.Map<String, Values> longest = new java.util.HashMap<>();

        synchronized Values share(String key, long[] read) {
            Values got = Values.wrap(read, read.length);
            Values known = longest.get(key);
            if (known != null && got.isPrefixOf(known)) return known.prefix(read.length);
            if (known == null || known.isPrefixOf(got)) longest.put(key, got);
            return got;
        }
    }

    private void record(int process, List<MicroOp> ops, Txn.Outcome outcome, long invoked, long completed) {
        history.add(new Txn(nextId.getAndIncrement(), process, ops, outcome, invoked, Math.max(completed, invoked)));
    }

    @Override
    public void finalReads(ClusterClient client) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String key : allKeys()) {
            while (!execute(-1, client, List.of(MicroOp.read(key)), false)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("final read of " + key + " never succeeded");
            }
        }
    }

    @Override
    public Verdict check() {
        List<Txn> h;
        synchronized (history) {
            h = List.copyOf(history);
        }
        ElleResult r = ListAppendChecker.check(h);
        List<String> problems = r.anomalies().stream().map(Anomaly::toString).collect(Collectors.toList());
        return new Verdict(r.valid() ? "list-append: valid, " + h.size() + " transactions"
                : "list-append: INVALID, anomalies " + r.countsByType(), problems);
    }

    @Override
    public String counts() {
        int ok = 0, fail = 0, info = 0, ops = 0;
        synchronized (history) {
            for (Txn t : history) {
                switch (t.outcome()) {
                    case OK -> ok++;
                    case FAIL -> fail++;
                    case INFO -> info++;
                }
                ops += t.ops().size();
            }
        }
        return "transactions=" + (ok + fail + info) + " (ok=" + ok + " fail=" + fail + " info=" + info + ") micro-ops=" + ops
                + " keys=" + allKeys().size() + (sessions ? " sessions=on retries=" + retries.get() : " sessions=off");
    }

    @Override
    public void writeHistory(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        synchronized (history) {
            for (Txn t : history) {
                sb.append("{\"id\":").append(t.id()).append(",\"process\":").append(t.process())
                        .append(",\"outcome\":\"").append(t.outcome().name().toLowerCase())
                        .append("\",\"invoked\":").append(t.invoked())
                        .append(",\"completed\":").append(t.outcome() == Txn.Outcome.INFO ? "null" : Long.toString(t.completed()))
                        .append(",\"ops\":[");
                for (int i = 0; i < t.ops().size(); i++) {
                    MicroOp op = t.ops().get(i);
                    if (i > 0) sb.append(',');
                    sb.append("[\"").append(op.isAppend() ? "append" : "r").append("\",\"").append(op.key()).append("\",");
                    sb.append(op.isAppend() ? Long.toString(op.value()) : op.read() == null ? "null" : op.read().toString().replace(" ", ""));
                    sb.append(']');
                }
                sb.append("]}\n");
            }
        }
        Files.writeString(file, sb);
    }

    private List<String> allKeys() {
        List<String> all = new ArrayList<>();
        for (KeyPool p : pools) all.addAll(p.all());
        return all;
    }

    /** The hot keys: a few at a time, each replaced by a fresh one once it has had enough appends. */
    static final class KeyPool {
        private final String[] active;
        private final int[] appends;
        private final int limit;
        private final String tag;
        private final List<String> all = new ArrayList<>();
        private int next;

        KeyPool(int size, int limit, String tag) {
            this.active = new String[size];
            this.appends = new int[size];
            this.limit = limit;
            this.tag = tag.isEmpty() ? "" : "{" + tag + "}";
            for (int i = 0; i < size; i++) active[i] = fresh();
        }

        private String fresh() {
            String k = "la" + next++ + tag;
            all.add(k);
            return k;
        }

        synchronized String pick(Random rnd) {
            return active[rnd.nextInt(active.length)];
        }

        synchronized void appended(String key) {
            for (int i = 0; i < active.length; i++) {
                if (active[i].equals(key) && ++appends[i] >= limit) {
                    active[i] = fresh();
                    appends[i] = 0;
                }
            }
        }

        synchronized List<String> all() {
            return List.copyOf(all);
        }
    }
}

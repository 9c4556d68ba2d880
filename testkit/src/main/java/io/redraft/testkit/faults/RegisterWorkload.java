package io.redraft.testkit.faults;

import io.redraft.testkit.lin.CheckResult;
import io.redraft.testkit.lin.History;
import io.redraft.testkit.lin.LinearizabilityChecker;
import io.redraft.testkit.lin.Op;
import io.redraft.testkit.lin.OpKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * Single-key register operations (SET, GET and INCR) on a few keys, checked for linearizability.
 * SET writes unique multiples of a million, so every value stays an integer INCR accepts and a
 * value read names the SET it started from. APPEND is left out: it would make values INCR refuses.
 *
 * <p>Keys are retired after {@link #OPS_PER_KEY} operations each (as Jepsen's independent keys):
 * the checker's search grows with a key's history, indeterminate INCRs in particular (unlike a
 * PUT nobody read, an INCR that never answered cannot be dropped), and a minute of load on three
 * keys makes histories no search finishes.
 */
final class RegisterWorkload implements Workload {
    static final int KEYS = 3;
    static final int OPS_PER_KEY = 400;

    private final long seed;
    private final History history = new History();
    private final AtomicLong nextValue = new AtomicLong(1);
    private final AtomicLong started = new AtomicLong();
    private final java.util.Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int ok, fail, info;

    RegisterWorkload(long seed) {
        this.seed = seed;
    }

    @Override
    public void runClient(int process, ClusterClient client, BooleanSupplier running) {
        Random rnd = new Random(seed * 7919 + process);
        while (running.getAsBoolean()) {
            long generation = started.getAndIncrement() / (KEYS * OPS_PER_KEY);
            String key = "reg" + generation + "." + rnd.nextInt(KEYS);
            used.add(key);
            int pick = rnd.nextInt(3);
            OpKind kind = pick == 0 ? OpKind.GET : pick == 1 ? OpKind.PUT : OpKind.INCR;
            execute(process, client, kind, key, kind == OpKind.PUT ? nextValue.getAndIncrement() + "000000" : null);
        }
    }

    private boolean execute(int process, ClusterClient client, OpKind kind, String key, String value) {
        History.Pending p;
        synchronized (history) {
            p = history.invoke(process, kind, key, value);
        }
        try {
            Jedis j = client.jedis();
            String read = switch (kind) {
                case GET -> j.get(key);
                case PUT -> j.set(key, value);
                case APPEND -> Long.toString(j.append(key, value));
                case INCR -> Long.toString(j.incr(key));
                case CAS -> throw new IllegalArgumentException("CAS belongs to the lua-cas workload");
            };
            synchronized (history) {
                p.ok(read);
                ok++;
            }
            return true;
        } catch (RuntimeException e) {
            ClusterClient.Fate fate = client.failed(e);
            synchronized (history) {
                if (fate == ClusterClient.Fate.FAIL) {
                    p.fail();
                    fail++;
                } else {
                    p.unknown();
                    info++;
                }
            }
            return false;
        }
    }

    @Override
    public void finalReads(ClusterClient client) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String key : new java.util.TreeSet<>(used)) {
            while (!execute(-1, client, OpKind.GET, key, null)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("final read of " + key + " never succeeded");
            }
        }
    }

    private List<Op> ops() {
        synchronized (history) {
            return List.copyOf(history.ops());
        }
    }

    @Override
    public Verdict check() {
        List<Op> ops = ops();
        CheckResult r = new LinearizabilityChecker().check(ops);
        return new Verdict("register: " + r.outcome() + ", " + ops.size() + " operations",
                r.ok() ? List.of() : List.of(r.toString()));
    }

    @Override
    public synchronized String counts() {
        synchronized (history) {
            return "operations=" + (ok + fail + info) + " (ok=" + ok + " fail=" + fail + " info=" + info + ")";
        }
    }

    @Override
    public void writeHistory(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops()) {
            sb.append("{\"id\":").append(op.id()).append(",\"process\":").append(op.client()).append(",\"f\":\"")
                    .append(op.kind().name().toLowerCase()).append("\",\"key\":\"").append(op.key()).append("\",\"value\":")
                    .append(op.value() == null ? "null" : '"' + op.value() + '"').append(",\"invoked\":").append(op.invoked())
                    .append(",\"returned\":").append(op.indeterminate() ? "null" : Long.toString(op.returned())).append("}\n");
        }
        Files.writeString(file, sb);
    }
}

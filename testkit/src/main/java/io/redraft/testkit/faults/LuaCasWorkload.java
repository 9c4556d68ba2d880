package io.redraft.testkit.faults;

import io.redraft.testkit.lin.CheckResult;
import io.redraft.testkit.lin.History;
import io.redraft.testkit.lin.LinearizabilityChecker;
import io.redraft.testkit.lin.Op;
import io.redraft.testkit.lin.OpKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A compare-and-set register written in Lua (issue 19): the read, the compare and the write run
 * in one script, which every replica runs when its entry applies. Clients GET, SET a unique value,
 * or CAS from the value they last saw to a unique one; the history is checked for
 * linearizability against a register with CAS. A script that ran twice, ran on a stale value, or
 * ran differently on the replica that later leads, shows up as an anomaly.
 *
 * <p>Writes (SET, CAS) run in a client session (docs/protocol.md, "Client sessions"): an attempt
 * whose reply was lost is retried with the same sequence number on a fresh connection until it is
 * answered, so its outcome is known (the server answers a retry with the first run's reply). Only
 * writes still unanswered when the run ends stay open; without this, every op sent during an
 * outage stays open, and a key with a few dozen open CAS ops is past any search.
 *
 * <p>The script is sent as EVALSHA, loaded once per connection with SCRIPT LOAD: after a failover
 * or a snapshot the new leader must still know it (a NOSCRIPT is reported as a failure of the op).
 */
final class LuaCasWorkload implements Workload {
    static final String CAS = "local v = redis.call('GET', KEYS[1]) "
            + "if (v == false and ARGV[1] == '') or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end "
            + "return 0";
    static final int KEYS = 3;
    /** Keys are retired after this many operations each, as in the register workload (search cost). */
    static final int OPS_PER_KEY = 150;

    private final long seed;
    private final History history = new History();
    private final AtomicLong nextValue = new AtomicLong(1);
    private final AtomicLong started = new AtomicLong();
    private final java.util.Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String sha;
    private int ok, fail, info, casWritten, noscript;
    private final AtomicLong retries = new AtomicLong();

    /** One client's session: its id (0 until opened), the next write's number, the connection tagged with it. */
    private static final class Session {
        long id;
        long next = 1;
        Jedis tagged;
    }

    LuaCasWorkload(long seed) {
        this.seed = seed;
    }

    @Override
    public void runClient(int process, ClusterClient client, BooleanSupplier running) {
        Random rnd = new Random(seed * 7919 + process);
        Map<String, String> seen = new HashMap<>();
        Session session = new Session();
        while (running.getAsBoolean()) {
            long generation = started.getAndIncrement() / (KEYS * OPS_PER_KEY);
            String key = "cas" + generation + "." + rnd.nextInt(KEYS);
            used.add(key);
            int pick = rnd.nextInt(10);
            if (pick < 3) {
                String v = execute(process, client, OpKind.GET, key, null, null);
                if (v != null) seen.put(key, v);
            } else if (pick < 4) {
                String v = nextValue.getAndIncrement() + "";
                if (exactlyOnce(process, client, session, OpKind.PUT, key, v, null, running) != null) seen.put(key, v);
            } else {
                String expected = seen.getOrDefault(key, "");
                String next = nextValue.getAndIncrement() + "";
                String outcome = exactlyOnce(process, client, session, OpKind.CAS, key, expected, next, running);
                if ("1".equals(outcome)) seen.put(key, next);
                else seen.remove(key); // read it again next time it matters
            }
        }
    }

    /**
     * A write as write {@code session.next} of the client's session, retried with that number until
     * answered or the run ends (then its outcome stays open). Returns as {@link #execute}.
     */
    private String exactlyOnce(int process, ClusterClient client, Session session, OpKind kind, String key, String value,
            String next, BooleanSupplier running) {
        History.Pending p;
        synchronized (history) {
            p = history.invoke(process, kind, key, kind == OpKind.CAS ? OpKind.casValue(value, next, null) : value);
        }
        boolean mayHaveHappened = false;
        while (true) {
            boolean sent = false;
            try {
                Jedis j = client.jedis();
                // Before the connection is tagged: SCRIPT LOAD is a logged write and would take the number.
                String s = sha(j);
                if (session.id == 0) {
                    session.id = (Long) j.sendCommand(Protocol.Command.CLIENT, "SESSION", "NEW");
                    session.next = 1;
                }
                if (session.tagged != j) {
                    j.sendCommand(Protocol.Command.CLIENT, "SESSION", Long.toString(session.id), Long.toString(session.next));
                    session.tagged = j;
                }
                sent = true;
                String read = kind == OpKind.PUT ? j.set(key, value)
                        : Long.toString((Long) j.evalsha(s, List.of(key), List.of(value, next)));
                session.next++;
                synchronized (history) {
                    p.ok(read);
                    ok++;
                    if (kind == OpKind.CAS && read.equals("1")) casWritten++;
                }
                return read;
            } catch (RuntimeException e) {
                boolean noScript = String.valueOf(e.getMessage()).startsWith("NOSCRIPT");
                ClusterClient.Fate fate = noScript ? ClusterClient.Fate.FAIL : client.failed(e);
                boolean lost = ClusterClient.sessionLost(e);
                if (sent && !lost && !noScript && fate == ClusterClient.Fate.INFO) mayHaveHappened = true;
                if (lost) session.id = 0;
                if (lost || noScript || !running.getAsBoolean()) {
                    synchronized (history) {
                        if (noScript) noscript++;
                        if (mayHaveHappened) {
                            p.unknown();
                            info++;
                        } else {
                            p.fail();
                            fail++;
                        }
                    }
                    return null;
                }
                retries.incrementAndGet();
            }
        }
    }

    /** Runs one op and records it; returns what it read (GET), "OK" (PUT), "1"/"0" (CAS), or null on failure. */
    private String execute(int process, ClusterClient client, OpKind kind, String key, String value, String next) {
        History.Pending p;
        synchronized (history) {
            p = history.invoke(process, kind, key, kind == OpKind.CAS ? OpKind.casValue(value, next, null) : value);
        }
        try {
            Jedis j = client.jedis();
            String read = switch (kind) {
                case GET -> j.get(key);
                case PUT -> j.set(key, value);
                case CAS -> Long.toString((Long) j.evalsha(sha(j), List.of(key), List.of(value, next)));
                default -> throw new IllegalArgumentException(kind + " is not part of this workload");
            };
            synchronized (history) {
                p.ok(read);
                ok++;
                if (kind == OpKind.CAS && read.equals("1")) casWritten++;
            }
            return kind == OpKind.GET && read == null ? "" : read;
        } catch (RuntimeException e) {
            ClusterClient.Fate fate = String.valueOf(e.getMessage()).startsWith("NOSCRIPT") ? ClusterClient.Fate.FAIL
                    : client.failed(e);
            synchronized (history) {
                if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) noscript++;
                if (fate == ClusterClient.Fate.FAIL) {
                    p.fail();
                    fail++;
                } else {
                    p.unknown();
                    info++;
                }
            }
            return null;
        }
    }

    /** The script's SHA-1, loaded once (SCRIPT LOAD is a logged write: every node keeps it). */
    private String sha(Jedis j) {
        String s = sha;
        if (s == null) {
            s = j.scriptLoad(CAS);
            sha = s;
        }
        return s;
    }

    @Override
    public void finalReads(ClusterClient client) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String key : new java.util.TreeSet<>(used)) {
            while (execute(-1, client, OpKind.GET, key, null, null) == null) {
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
        List<String> problems = new java.util.ArrayList<>();
        if (!r.ok()) problems.add(r.toString());
        synchronized (history) {
            // SCRIPT LOAD is replicated state: a node that leads next (or installed a snapshot) must know it.
            if (noscript > 0) problems.add(noscript + " EVALSHA answered NOSCRIPT: the script cache was lost");
        }
        return new Verdict("lua-cas: " + r.outcome() + ", " + ops.size() + " operations", problems);
    }

    @Override
    public String counts() {
        synchronized (history) {
            return "operations=" + (ok + fail + info) + " (ok=" + ok + " fail=" + fail + " info=" + info + ") cas-written="
                    + casWritten + " sessions=on retries=" + retries.get();
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

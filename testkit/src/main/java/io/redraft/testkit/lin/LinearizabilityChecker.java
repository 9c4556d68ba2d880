package io.redraft.testkit.lin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a history of key-value register operations is linearizable.
 *
 * <p>The search is Wing &amp; Gong's: walk the events in time order, tentatively linearize any
 * operation whose call has been seen, and backtrack when a return is reached whose operation is
 * not yet linearized. Lowe's refinement memoizes every (set of linearized ops, model state) pair
 * already explored, which turns the exponential search into one that is fast on real histories.
 * Because the register's keys are independent, the history is split by key first (locality of
 * linearizability, Herlihy &amp; Wing §3.1) and each part is searched on its own.
 *
 * <p>Failed operations (the client knows they did not take effect) must be left out of the
 * history by the caller; indeterminate ones stay in with return time {@link Op#NEVER}.
 */
public final class LinearizabilityChecker {
    private final long maxStepsPerKey;

    /** @param maxStepsPerKey search budget per key; past it the verdict is {@code UNKNOWN} */
    public LinearizabilityChecker(long maxStepsPerKey) {
        this.maxStepsPerKey = maxStepsPerKey;
    }

    public LinearizabilityChecker() {
        this(5_000_000);
    }

    public CheckResult check(List<Op> history) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op op : history) {
            // A read whose answer never arrived constrains nothing.
            if (op.kind() == OpKind.GET && op.indeterminate()) continue;
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        for (Map.Entry<String, List<Op>> part : byKey.entrySet()) {
            CheckResult r = new KeySearch(part.getKey(), withoutUnobservedWrites(part.getValue()), maxStepsPerKey).run();
            if (!r.ok()) return r;
        }
        return CheckResult.OK;
    }

    /**
     * Drops indeterminate writes whose effect no read ever shows: a PUT whose value no GET
     * returned as (a prefix of) its value, an APPEND whose suffix appears in no GET's value. Such a write can always be
     * linearized last (writes are total), which is the same as never, so dropping it changes no
     * verdict; keeping it would make the search try every subset of them at every point (a
     * history with 30 timed-out writes on one key does not finish otherwise).
     *
     * <p>With INCR on the key, a value read may be a PUT's value plus up to one per INCR, and an
     * INCR's reply is a read too (a timed-out PUT seen only by an INCR, then overwritten, was
     * observed). A key with both APPEND and INCR keeps every write: values derive too freely.
     */
    static List<Op> withoutUnobservedWrites(List<Op> ops) {
        if (ops.stream().anyMatch(o -> o.kind() == OpKind.CAS)) return withoutUnobservedCas(ops);
        long incrs = ops.stream().filter(o -> o.kind() == OpKind.INCR).count();
        if (incrs > 0 && ops.stream().anyMatch(o -> o.kind() == OpKind.APPEND)) return ops;
        List<String> reads = new ArrayList<>();
        for (Op op : ops) if (op.kind().returnsValue() && !op.indeterminate() && op.value() != null) reads.add(op.value());
        List<Op> kept = new ArrayList<>(ops.size());
        for (Op op : ops) {
            // An INCR's effect shows only as a count, never as its own text: always kept.
            if (op.indeterminate() && !op.kind().returnsValue() && !observed(op, reads, incrs)) continue;
            kept.add(op);
        }
        return kept;
    }

    /**
     * On a key with CAS (GET, PUT, CAS only): drops an indeterminate CAS whose new value no op saw
     * (no GET read it, no CAS expected it) and whose expected value no CAS that answered 0 expected.
     * Had it taken effect, its value stayed unseen until a blind PUT overwrote it; removing it
     * changes only that window's state back to its expected value, which no op in the window can
     * tell apart: a GET there would have read its value, a CAS that answered 1 would have expected
     * it, and no CAS that answered 0 expected the old one (an unanswered CAS that would now match
     * can be linearized at the end instead). Indeterminate PUTs are all kept here: a CAS that
     * answered 0 may be their only witness.
     */
    private static List<Op> withoutUnobservedCas(List<Op> ops) {
        if (ops.stream().anyMatch(o -> o.kind() == OpKind.INCR || o.kind() == OpKind.APPEND)) return ops;
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> failedExpected = new java.util.HashSet<>();
        for (Op op : ops) {
            if (op.kind() == OpKind.GET && !op.indeterminate() && op.value() != null) seen.add(op.value());
            if (op.kind() == OpKind.CAS) {
                seen.add(casPart(op, 0));
                if (!op.indeterminate() && casPart(op, 2).equals("0")) failedExpected.add(casPart(op, 0));
            }
        }
        List<Op> kept = new ArrayList<>(ops.size());
        for (Op op : ops) {
            if (op.kind() == OpKind.CAS && op.indeterminate() && !seen.contains(casPart(op, 1))
                    && !failedExpected.contains(casPart(op, 0))) {
                continue;
            }
            kept.add(op);
        }
        return kept;
    }

    /** Part {@code i} of a CAS op's value {@code expected->new=outcome}: 0 expected, 1 new, 2 outcome. */
    private static String casPart(Op op, int i) {
        String v = op.value();
        int arrow = v.indexOf("->");
        int eq = v.lastIndexOf('=');
        return i == 0 ? v.substring(0, arrow) : i == 1 ? v.substring(arrow + 2, eq) : v.substring(eq + 1);
    }

    private static boolean observed(Op write, List<String> reads, long incrs) {
        for (String r : reads) {
            if (write.kind() == OpKind.PUT) {
                // A PUT's value stays the prefix of every later value (appends only extend it)...
                if (r.startsWith(write.value())) return true;
                // ...or, with INCRs, becomes a bigger number by at most one per INCR.
                if (incrs > 0 && withinIncrements(write.value(), r, incrs)) return true;
            } else if (r.contains(write.value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean withinIncrements(String written, String read, long incrs) {
        try {
            long d = Long.parseLong(read) - Long.parseLong(written);
            return d >= 0 && d <= incrs;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One event of the doubly linked event list that the search lifts ops out of. */
    private static final class Event {
        final Op op;
        final int opIndex;
        final boolean call;
        Event match;
        Event prev;
        Event next;

        Event(Op op, int opIndex, boolean call) {
            this.op = op;
            this.opIndex = opIndex;
            this.call = call;
        }
    }

    private record Memo(BitSet linearized, String state) {}

    private record Frame(Event call, String stateBefore) {}

    private static final class KeySearch {
        private final String key;
        private final List<Op> ops;
        private final long budget;
        private final Event head = new Event(null, -1, false);
        private int determinate;
        private List<Op> longest = List.of();

        KeySearch(String key, List<Op> ops, long budget) {
            this.key = key;
            this.ops = ops;
            this.budget = budget;
            buildEventList();
        }

        private void buildEventList() {
            List<Event> events = new ArrayList<>(ops.size() * 2);
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                Event call = new Event(op, i, true);
                Event ret = new Event(op, i, false);
                call.match = ret;
                ret.match = call;
                events.add(call);
                events.add(ret);
                if (!op.indeterminate()) determinate++;
            }
            // On equal times calls go first: touching intervals count as concurrent, the
            // permissive reading, so a checker failure is never an artefact of timestamp ties.
            events.sort(Comparator.comparingLong((Event e) -> e.call ? e.op.invoked() : e.op.returned())
                    .thenComparing(e -> !e.call));
            Event prev = head;
            for (Event e : events) {
                prev.next = e;
                e.prev = prev;
                prev = e;
            }
        }

        CheckResult run() {
            BitSet linearized = new BitSet(ops.size());
            Set<Memo> seen = new HashSet<>();
            Deque<Frame> stack = new ArrayDeque<>();
            String state = null;
            int linearizedDeterminate = 0;
            Event e = head.next;
            long steps = 0;
            // Indeterminate INCRs are interchangeable once called (same effect, no return): trying
            // a second one where the first was tried would only repeat its subtree. Without this a
            // burst of timed-out INCRs (a leader removed mid-load) costs 2^n subsets.
            boolean passedBlindIncr = false;
            while (linearizedDeterminate < determinate) {
                if (++steps > budget) {
                    return new CheckResult(CheckResult.Outcome.UNKNOWN,
                            "key " + key + ": search exceeded " + budget + " steps over " + ops.size() + " ops");
                }
                if (e.call) {
                    if (blindIncr(e.op)) {
                        if (passedBlindIncr) {
                            e = e.next;
                            continue;
                        }
                        passedBlindIncr = true;
                    }
                    String next = KvModel.step(state, e.op);
                    if (next != KvModel.ILLEGAL) {
                        BitSet candidate = (BitSet) linearized.clone();
                        candidate.set(e.opIndex);
                        if (seen.add(new Memo(candidate, next))) {
                            stack.push(new Frame(e, state));
                            state = next;
                            linearized = candidate;
                            if (!e.op.indeterminate()) linearizedDeterminate++;
                            lift(e);
                            if (stack.size() > longest.size()) longest = snapshot(stack);
                            e = head.next;
                            passedBlindIncr = false;
                            continue;
                        }
                    }
                    e = e.next;
                } else {
                    // A return whose op is still pending: every order that got here is wrong.
                    if (stack.isEmpty()) return violation();
                    Frame f = stack.pop();
                    state = f.stateBefore();
                    linearized = (BitSet) linearized.clone();
                    linearized.clear(f.call().opIndex);
                    if (!f.call().op.indeterminate()) linearizedDeterminate--;
                    unlift(f.call());
                    e = f.call().next;
                    passedBlindIncr = blindIncrUpTo(f.call());
                }
            }
            return CheckResult.OK;
        }

        private static boolean blindIncr(Op op) {
            return op.kind() == OpKind.INCR && op.indeterminate();
        }

        /** Whether the event list holds an indeterminate INCR's call from its start up to {@code last}. */
        private boolean blindIncrUpTo(Event last) {
            for (Event x = head.next; x != null; x = x.next) {
                if (x.call && blindIncr(x.op)) return true;
                if (x == last) return false;
            }
            return false;
        }

        private static List<Op> snapshot(Deque<Frame> stack) {
            List<Op> order = new ArrayList<>(stack.size());
            stack.descendingIterator().forEachRemaining(f -> order.add(f.call().op));
            return order;
        }

        private void lift(Event call) {
            call.prev.next = call.next;
            if (call.next != null) call.next.prev = call.prev;
            Event ret = call.match;
            ret.prev.next = ret.next;
            if (ret.next != null) ret.next.prev = ret.prev;
        }

        private void unlift(Event call) {
            Event ret = call.match;
            ret.prev.next = ret;
            if (ret.next != null) ret.next.prev = ret;
            call.prev.next = call;
            if (call.next != null) call.next.prev = call;
        }

        private CheckResult violation() {
            StringBuilder sb = new StringBuilder();
            sb.append("key ").append(key).append(": no linearization of ").append(ops.size()).append(" ops.");
            sb.append("\n  longest legal prefix (").append(longest.size()).append(" ops):");
            String state = null;
            for (Op op : longest) {
                state = KvModel.step(state, op);
                sb.append("\n    ").append(op).append("   => ").append(state == null ? "nil" : '"' + state + '"');
            }
            List<Op> pending = new ArrayList<>();
            for (Op op : ops) if (!longest.contains(op)) pending.add(op);
            pending.sort(Comparator.comparingLong(Op::returned));
            sb.append("\n  after it, none of these can come next:");
            int shown = 0;
            for (Op op : pending) {
                if (shown++ == 8) {
                    sb.append("\n    ... ").append(pending.size() - 8).append(" more");
                    break;
                }
                sb.append("\n    ").append(op);
            }
            return new CheckResult(CheckResult.Outcome.VIOLATION, sb.toString());
        }
    }
}

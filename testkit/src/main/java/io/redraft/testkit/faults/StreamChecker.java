package io.redraft.testkit.faults;

import io.redraft.testkit.faults.StreamWorkload.Event;
import io.redraft.testkit.faults.StreamWorkload.Item;
import io.redraft.testkit.faults.StreamWorkload.Kind;
import io.redraft.testkit.faults.StreamWorkload.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a {@link StreamWorkload} history against the final stream, PEL and group:
 * <ul>
 * <li>the stream's ids strictly increase, and each unique value is in it at most once;</li>
 * <li>every acknowledged XADD is in it under the id it was answered with (no lost entry), and every
 *     entry was sent by an XADD that did not certainly fail (no phantom);</li>
 * <li>an XADD answered before another was sent has the smaller id;</li>
 * <li>every delivery (XREADGROUP, XAUTOCLAIM) names an entry of the stream with its value;</li>
 * <li>{@code >} delivers an entry at most once, so an acknowledged entry is never delivered again by it;</li>
 * <li>after an XACK was answered, no XAUTOCLAIM sent later claims its ids and the PEL does not hold them;</li>
 * <li>every entry was delivered to the group: seen by a consumer or still in the PEL (a read whose
 *     reply was lost leaves it there), the group's last delivered id at the stream's end.</li>
 * </ul>
 */
final class StreamChecker {
    private StreamChecker() {}

    static Workload.Verdict check(List<Event> h) {
        List<String> problems = new ArrayList<>();
        List<Item> stream = null;
        List<String> pending = null;
        String lastDelivered = null;
        Map<String, Outcome> sent = new HashMap<>();
        List<Event> addsOk = new ArrayList<>();
        for (Event e : h) {
            switch (e.kind()) {
                case ADD -> {
                    sent.merge(e.value(), e.outcome(), (a, b) -> a == Outcome.OK || b == Outcome.OK ? Outcome.OK
                            : a == Outcome.INFO || b == Outcome.INFO ? Outcome.INFO : Outcome.FAIL);
                    if (e.outcome() == Outcome.OK) addsOk.add(e);
                }
                case FINAL_RANGE -> stream = e.items();
                case FINAL_PENDING -> pending = e.ids();
                case FINAL_GROUP -> lastDelivered = e.id();
                default -> { }
            }
        }
        if (stream == null || pending == null || lastDelivered == null) {
            problems.add("the final reads are missing (stream " + (stream != null) + ", PEL " + (pending != null)
                    + ", group " + (lastDelivered != null) + ")");
            return new Workload.Verdict("stream: INVALID, no final reads", problems);
        }

        Map<String, String> valueById = new HashMap<>();
        Map<String, String> idByValue = new HashMap<>();
        String previous = null;
        for (Item it : stream) {
            if (previous != null && compare(previous, it.id()) >= 0) {
                problems.add("stream ids not strictly increasing: " + it.id() + " after " + previous);
            }
            previous = it.id();
            valueById.put(it.id(), it.value());
            String before = idByValue.put(it.value(), it.id());
            if (before != null) problems.add("value " + it.value() + " is in the stream twice (" + before + ", " + it.id() + ")");
            Outcome o = sent.get(it.value());
            if (o == null) problems.add("phantom entry " + it.id() + " (value " + it.value() + " was never sent)");
            else if (o == Outcome.FAIL) problems.add("entry " + it.id() + " holds value " + it.value() + " whose XADD certainly failed");
        }
        List<String> lost = new ArrayList<>();
        for (Event a : addsOk) {
            String id = idByValue.get(a.value());
            if (id == null) lost.add(a.value() + "@" + a.id());
            else if (!id.equals(a.id())) problems.add("XADD of " + a.value() + " was answered " + a.id() + " but the stream has it as " + id);
        }
        if (!lost.isEmpty()) {
            problems.add(lost.size() + " acknowledged XADDs lost: " + lost.subList(0, Math.min(20, lost.size())));
        }
        realTimeOrder(addsOk, problems);

        Set<String> observed = new HashSet<>();
        Map<String, Long> firstGreater = new HashMap<>();
        Map<String, Long> ackedAt = new HashMap<>();
        for (Event e : h) {
            if (e.kind() == Kind.ACK && e.outcome() == Outcome.OK) {
                for (String id : e.ids()) ackedAt.merge(id, e.completedNs(), Math::min);
            }
        }
        int claimedAfterAck = 0, deliveredTwice = 0;
        for (Event e : h) {
            if ((e.kind() != Kind.READ && e.kind() != Kind.CLAIM) || e.outcome() != Outcome.OK) continue;
            for (Item it : e.items()) {
                if (!valueById.containsKey(it.id())) {
                    problems.add("phantom delivery of " + it.id() + " to " + e.consumer() + " (not in the stream)");
                } else if (!java.util.Objects.equals(valueById.get(it.id()), it.value())) {
                    problems.add("delivery of " + it.id() + " to " + e.consumer() + " with value " + it.value()
                            + ", the stream holds " + valueById.get(it.id()));
                }
                observed.add(it.id());
                if (e.kind() == Kind.READ && firstGreater.put(it.id(), e.completedNs()) != null && deliveredTwice++ < 10) {
                    problems.add("entry " + it.id() + " delivered twice by XREADGROUP > (the second time to " + e.consumer() + ")");
                }
                Long acked = ackedAt.get(it.id());
                if (e.kind() == Kind.CLAIM && acked != null && acked < e.invokedNs() && claimedAfterAck++ < 10) {
                    problems.add("entry " + it.id() + " claimed by " + e.consumer() + " after its XACK was answered");
                }
            }
        }
        Set<String> pel = new HashSet<>(pending);
        for (String id : pending) {
            if (!valueById.containsKey(id)) problems.add("the PEL holds " + id + ", which is not in the stream");
            if (ackedAt.containsKey(id)) problems.add("the PEL still holds " + id + " after its XACK was answered");
        }
        List<String> undelivered = new ArrayList<>();
        for (Item it : stream) if (!observed.contains(it.id()) && !pel.contains(it.id())) undelivered.add(it.id());
        if (!undelivered.isEmpty()) {
            problems.add(undelivered.size() + " entries never delivered to the group (not seen by a consumer, not pending): "
                    + undelivered.subList(0, Math.min(20, undelivered.size())));
        }
        if (!stream.isEmpty() && !lastDelivered.equals(stream.get(stream.size() - 1).id())) {
            problems.add("after the drain the group's last delivered id is " + lastDelivered + ", the stream ends at "
                    + stream.get(stream.size() - 1).id());
        }
        long inPelOnly = stream.stream().filter(it -> !observed.contains(it.id())).count();
        String summary = "stream: " + (problems.isEmpty() ? "valid" : "INVALID") + ", " + addsOk.size() + " acknowledged XADDs, "
                + stream.size() + " entries, " + observed.size() + " seen by consumers, " + inPelOnly
                + " only in the PEL (a lost reply delivered them), " + pending.size() + " pending at the end, " + lost.size() + " lost";
        return new Workload.Verdict(summary, problems);
    }

    /** An XADD answered before another was sent must have the smaller id (a leader's ids never go back). */
    private static void realTimeOrder(List<Event> addsOk, List<String> problems) {
        List<Event> byCompletion = new ArrayList<>(addsOk);
        byCompletion.sort(Comparator.comparingLong(Event::completedNs));
        // max id among the adds completed up to each position
        String[] maxId = new String[byCompletion.size()];
        Event[] maxOf = new Event[byCompletion.size()];
        for (int i = 0; i < byCompletion.size(); i++) {
            Event e = byCompletion.get(i);
            if (i > 0 && compare(maxId[i - 1], e.id()) >= 0) {
                maxId[i] = maxId[i - 1];
                maxOf[i] = maxOf[i - 1];
            } else {
                maxId[i] = e.id();
                maxOf[i] = e;
            }
        }
        int found = 0;
        for (Event b : addsOk) {
            int lo = 0, hi = byCompletion.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (byCompletion.get(mid).completedNs() < b.invokedNs()) lo = mid + 1;
                else hi = mid;
            }
            if (lo > 0 && compare(maxId[lo - 1], b.id()) >= 0 && found++ < 10) {
                problems.add("XADD of " + b.value() + " got " + b.id() + ", not above " + maxId[lo - 1] + " answered to the XADD of "
                        + maxOf[lo - 1].value() + " before it was sent");
            }
        }
    }

    /** Stream ids in order: milliseconds, then sequence. */
    static int compare(String a, String b) {
        int da = a.indexOf('-'), db = b.indexOf('-');
        int c = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return c != 0 ? c : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)), Long.parseUnsignedLong(b.substring(db + 1)));
    }
}

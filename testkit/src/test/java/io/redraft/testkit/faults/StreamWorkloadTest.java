package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.testkit.faults.StreamWorkload.Event;
import io.redraft.testkit.faults.StreamWorkload.Item;
import io.redraft.testkit.faults.StreamWorkload.Kind;
import io.redraft.testkit.faults.StreamWorkload.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stream workload: its checker on made-up histories, each anomaly caught; then a short run on
 * three real nodes whose leader is killed and paused while producers XADD and a consumer group
 * reads, acknowledges and claims a stalled consumer's entries.
 */
class StreamWorkloadTest {
    private long clock;

    private Event add(String value, Outcome o, String id) {
        long t = clock += 10;
        return new Event(0, Kind.ADD, o, null, value, id, null, null, t, t + 5);
    }

    private Event read(String consumer, Item... items) {
        long t = clock += 10;
        return new Event(1, Kind.READ, Outcome.OK, consumer, null, null, List.of(items), null, t, t + 5);
    }

    private Event claim(String consumer, Item... items) {
        long t = clock += 10;
        return new Event(2, Kind.CLAIM, Outcome.OK, consumer, null, null, List.of(items), null, t, t + 5);
    }

    private Event ack(String... ids) {
        long t = clock += 10;
        return new Event(1, Kind.ACK, Outcome.OK, null, null, null, null, List.of(ids), t, t + 5);
    }

    private static List<Event> withFinal(List<Event> h, List<Item> stream, List<String> pending, String last) {
        List<Event> out = new ArrayList<>(h);
        out.add(new Event(-1, Kind.FINAL_RANGE, Outcome.OK, null, null, null, stream, null, 0, 0));
        out.add(new Event(-1, Kind.FINAL_PENDING, Outcome.OK, null, null, null, null, pending, 0, 0));
        out.add(new Event(-1, Kind.FINAL_GROUP, Outcome.OK, "workers", null, last, null, null, 0, 0));
        return out;
    }

    private static List<String> problems(List<Event> h, List<Item> stream, List<String> pending) {
        return StreamChecker.check(withFinal(h, stream, pending, stream.isEmpty() ? "0-0" : stream.get(stream.size() - 1).id()))
                .problems();
    }

    private static final Item A = new Item("5-0", "1"), B = new Item("5-1", "2"), C = new Item("7-0", "3");

    @Test
    void checkerAcceptsAValidHistoryAndCatchesEachAnomaly() {
        // 1 and 2 acknowledged, 3 unknown (it made it), 4 failed (it did not); 1 read and acked,
        // 2 read by the stalled consumer and claimed, 3 delivered by a read whose reply was lost.
        List<Event> base = List.of(add("1", Outcome.OK, "5-0"), add("2", Outcome.OK, "5-1"), add("3", Outcome.INFO, null),
                add("4", Outcome.FAIL, null), read("c3", A), ack("5-0"), read("c1", B), claim("c3", B), ack("5-1"));
        List<Item> stream = List.of(A, B, C);
        assertThat(problems(base, stream, List.of("7-0"))).isEmpty();

        assertThat(problems(base, List.of(B, C), List.of("7-0"))).anyMatch(p -> p.contains("1 acknowledged XADDs lost"));
        assertThat(problems(base, List.of(A, B, C, new Item("8-0", "4")), List.of("7-0", "8-0")))
                .anyMatch(p -> p.contains("certainly failed"));
        assertThat(problems(base, List.of(A, B, C, new Item("8-0", "99")), List.of("7-0", "8-0")))
                .anyMatch(p -> p.contains("phantom entry 8-0"));
        assertThat(problems(base, List.of(A, B, new Item("5-1", "3")), List.of("5-1")))
                .anyMatch(p -> p.contains("not strictly increasing"));
        assertThat(problems(base, stream, List.of())).anyMatch(p -> p.contains("1 entries never delivered"));
        assertThat(problems(base, stream, List.of("7-0", "5-0"))).anyMatch(p -> p.contains("PEL still holds 5-0"));

        List<Event> twice = new ArrayList<>(base);
        twice.add(read("c5", A));
        assertThat(problems(twice, stream, List.of("7-0"))).anyMatch(p -> p.contains("5-0 delivered twice"));
        List<Event> claimedAfterAck = new ArrayList<>(base);
        claimedAfterAck.add(claim("c5", A));
        assertThat(problems(claimedAfterAck, stream, List.of("7-0"))).anyMatch(p -> p.contains("claimed by c5 after its XACK"));
        List<Event> ghost = new ArrayList<>(base);
        ghost.add(read("c3", new Item("9-0", "5")));
        assertThat(problems(ghost, stream, List.of("7-0"))).anyMatch(p -> p.contains("phantom delivery of 9-0"));
        List<Event> backwards = new ArrayList<>(base);
        backwards.add(add("5", Outcome.OK, "4-0"));
        assertThat(problems(backwards, List.of(new Item("4-0", "5"), A, B, C), List.of("7-0", "4-0")))
                .anyMatch(p -> p.contains("XADD of 5 got 4-0, not above 5-1"));
        assertThat(StreamChecker.check(withFinal(base, stream, List.of("7-0"), "5-1")).problems())
                .anyMatch(p -> p.contains("last delivered id is 5-1"));
    }

    @Test
    @Tag("cluster")
    void consumerGroupThroughLeaderKillsAndPausesDeliversEveryAcknowledgedEntry() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-stream");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 25, Set.of("kill", "pause"), 6, 23, false, null,
                "stream", out, false)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0)").doesNotContain("claimed=0)");
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
    }
}

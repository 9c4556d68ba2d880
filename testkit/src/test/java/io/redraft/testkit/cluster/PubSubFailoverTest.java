package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18's Pub/Sub proof on real processes: subscribers (channel and pattern) on all three
 * nodes record every message while publishers PUBLISH numbered messages through the leader and
 * the leader is killed -9 twice, restarted after each. Every subscriber that stayed connected has
 * every acknowledged message exactly once, all of them the same sequence; a message whose PUBLISH
 * failed appears at most once. A subscriber whose node was killed reconnects once the node is
 * back; what each of its connections received is a stretch of that same sequence, without
 * duplicates (the first one from its start).
 *
 * <p>{@code -Dredraft.pubsub.messages} sets how many messages (default 100 000).
 */
@Tag("cluster")
class PubSubFailoverTest {
    private static final int PUBLISHERS = 4;
    /** Generous: 100k messages through fsync'd Raft on a loaded 2-core machine, with two restarts. */
    private static final Duration PHASE = Duration.ofSeconds(180);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void subscribersThatStayGetEveryAcknowledgedMessageOnceInOneOrderAcrossTwoLeaderKills() throws Exception {
        int messages = Integer.getInteger("redraft.pubsub.messages", 100_000);
        int perPublisher = Math.max(1, messages / PUBLISHERS);
        LocalCluster c = clusters.formed(3);
        List<RecordingSubscriber> subs = new ArrayList<>();
        for (NodeProcess n : c.nodes()) {
            subs.add(new RecordingSubscriber(n, "SUBSCRIBE", "numbers"));
            subs.add(new RecordingSubscriber(n, "PSUBSCRIBE", "num*"));
        }
        subs.forEach(RecordingSubscriber::start);
        long started = System.nanoTime();
        List<String> kills = new ArrayList<>();
        try (NumberedPublishers pubs = new NumberedPublishers(c, "numbers", PUBLISHERS, perPublisher).start()) {
            for (int round = 1; round <= 2; round++) {
                long target = (long) messages * round / 3;
                c.waitFor(target + " acknowledged messages", () -> pubs.acknowledged() >= target || pubs.done(), PHASE);
                int leader = c.leader();
                c.node(leader).kill9();
                long killedAt = System.nanoTime();
                long ackedAtKill = pubs.acknowledged();
                int next = Poll.until("a new leader after killing node" + leader, c::currentLeader,
                        l -> l.isPresent() && l.get() != leader, Duration.ofSeconds(20)).orElseThrow();
                long electionMs = (System.nanoTime() - killedAt) / 1_000_000;
                c.node(leader).restart();
                c.awaitStable(3);
                // Its subscribers lost their connection; they come back before the next kill.
                c.waitFor("node" + leader + "'s subscribers to subscribe again", () -> subs.stream()
                        .filter(s -> s.node().number() == leader).allMatch(s -> s.connections() >= 2));
                kills.add("node" + leader + " at " + ackedAtKill + " acked, node" + next + " elected in " + electionMs + " ms");
            }
            c.waitFor("the publishers to send all " + messages + " messages", pubs::done, PHASE);
            long publishedMs = (System.nanoTime() - started) / 1_000_000;
            publishEnd(c);
            c.waitFor("every subscriber to receive the end marker",
                    () -> subs.stream().allMatch(s -> s.endSeen() || s.problem() != null), PHASE);
            for (RecordingSubscriber s : subs) s.stop();

            for (RecordingSubscriber s : subs) assertThat(s.problem()).as("%s", s).isNull();
            List<RecordingSubscriber> stayed = subs.stream().filter(s -> !s.reconnected()).toList();
            assertThat(stayed).as("subscribers on the node that was never killed").hasSizeGreaterThanOrEqualTo(2);
            long[] reference = stayed.get(0).segments().get(0);
            Map<Long, Integer> position = positions(reference);

            List<Long> acked = pubs.acknowledgedIds();
            List<String> missing = acked.stream().filter(id -> !position.containsKey(id))
                    .limit(10).map(NumberedPublishers::describe).toList();
            assertThat(missing).as("acknowledged messages %s did not receive", stayed.get(0)).isEmpty();
            for (long id : reference) {
                assertThat(pubs.wasSent(id)).as("message %s was published", NumberedPublishers.describe(id)).isTrue();
            }
            checkPublisherOrder(reference, pubs);
            for (RecordingSubscriber s : stayed) {
                assertThat(s.segments()).as("%s stayed connected", s).hasSize(1);
                sameSequence(s + " and " + stayed.get(0), s.segments().get(0), reference);
            }
            for (RecordingSubscriber s : subs) {
                if (!s.reconnected()) continue;
                List<long[]> segments = s.segments();
                for (int i = 0; i < segments.size(); i++) checkStretch(s, i, segments.get(i), reference, position);
            }
            long failedDelivered = reference.length - acked.size();
            System.out.printf("pubsub failover: %d messages by %d publishers in %.1f s, %d acknowledged, %d failed "
                            + "(%d of them delivered, once); kills: %s; %d subscribers stayed, %d reconnected%n",
                    messages, PUBLISHERS, publishedMs / 1000.0, acked.size(), pubs.failed(), failedDelivered, kills,
                    stayed.size(), subs.size() - stayed.size());
        }
    }

    /** Fails with the first place where two sequences part (printing 100k ids helps nobody). */
    private static void sameSequence(String who, long[] seq, long[] reference) {
        int i = java.util.Arrays.mismatch(seq, reference);
        if (i < 0) return;
        throw new AssertionError(who + " received different sequences: " + seq.length + " and " + reference.length
                + " messages, parting at message " + i + ": " + (i < seq.length ? NumberedPublishers.describe(seq[i]) : "(end)")
                + " against " + (i < reference.length ? NumberedPublishers.describe(reference[i]) : "(end)"));
    }

    /** Index of each id in the sequence; fails on an id seen twice. */
    private static Map<Long, Integer> positions(long[] sequence) {
        Map<Long, Integer> at = new HashMap<>(sequence.length * 2);
        for (int i = 0; i < sequence.length; i++) {
            Integer before = at.put(sequence[i], i);
            assertThat(before).as("message %s received twice (at %s and %d)",
                    NumberedPublishers.describe(sequence[i]), before, i).isNull();
        }
        return at;
    }

    /**
     * A publisher sends its next window only after the previous one was answered, and one
     * connection's commands apply in order: its acknowledged messages arrive in its order.
     */
    private static void checkPublisherOrder(long[] reference, NumberedPublishers pubs) {
        int[] last = new int[pubs.publishers()];
        java.util.Arrays.fill(last, -1);
        for (long id : reference) {
            if (!pubs.isAcknowledged(id)) continue;
            int p = NumberedPublishers.publisherOf(id);
            assertThat(NumberedPublishers.seqOf(id)).as("publisher %d's acknowledged messages in its order", p)
                    .isGreaterThan(last[p]);
            last[p] = NumberedPublishers.seqOf(id);
        }
    }

    /** One connection's messages: a contiguous stretch of the reference, from its start for the first. */
    private static void checkStretch(RecordingSubscriber s, int index, long[] segment, long[] reference,
                                     Map<Long, Integer> position) {
        if (segment.length == 0) return;
        Integer from = position.get(segment[0]);
        assertThat(from).as("%s connection %d: first message %s is in the reference", s, index + 1,
                NumberedPublishers.describe(segment[0])).isNotNull();
        if (index == 0) assertThat(from).as("%s: its first connection received from the first message", s).isZero();
        assertThat(from + segment.length).as("%s connection %d fits in the reference", s, index + 1)
                .isLessThanOrEqualTo(reference.length);
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] != reference[from + i]) {
                throw new AssertionError(s + " connection " + (index + 1) + ": message " + i + " is "
                        + NumberedPublishers.describe(segment[i]) + ", the reference has "
                        + NumberedPublishers.describe(reference[from + i]) + " there");
            }
        }
    }

    private static void publishEnd(LocalCluster c) {
        Poll.until("PUBLISH numbers end acknowledged", () -> {
            NodeProcess leader = c.node(c.leader());
            try (RawClient client = new RawClient(leader.host(), leader.port(), 5000)) {
                return client.call("PUBLISH", "numbers", RecordingSubscriber.END);
            } catch (IOException e) {
                return e.toString();
            }
        }, r -> r.startsWith(":"), LocalCluster.PATIENCE);
    }
}

package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Property 3 of issue #8: after every node restarts, no read is served before the new leader's
 * first entry of its term commits. A restarted node knows the commit index only as far as its
 * files say (written lazily), so a leader answering before it commits in its own term (thesis
 * §6.4) would read a state machine that lacks acknowledged writes. Readers hammer every node from
 * the moment the processes start; every value a read returns must be the last one acknowledged
 * before the crash, never an older one or nil.
 */
@Tag("cluster")
class RestartReadTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void readsAfterAFullRestartSeeEveryAcknowledgedWrite() throws InterruptedException {
        LocalCluster c = clusters.formed(3);
        for (int round = 0; round < 2; round++) {
            int leader = c.leader();
            String last;
            // Writes right up to the crash: the last ones are the likeliest to be known committed
            // by the leader alone, not yet by the followers' files.
            try (Jedis j = c.node(leader).jedis()) {
                for (int i = 0; i < 200; i++) assertThat(j.set("x", round + "." + i)).isEqualTo("OK");
                last = round + ".199";
                for (int i = 0; i < 50; i++) j.set("other" + i, "v");
            }
            for (NodeProcess n : c.nodes()) n.kill9();
            for (NodeProcess n : c.nodes()) n.start();

            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger served = new AtomicInteger();
            List<Thread> readers = new ArrayList<>();
            // From the first moment the nodes listen until 2 s after the first read is served (the
            // race is at the start). Three JVMs starting at once on a loaded 2-core machine may
            // take 20 s before they even listen.
            long giveUp = System.nanoTime() + 45_000_000_000L;
            AtomicLong firstServed = new AtomicLong(Long.MAX_VALUE);
            BooleanSupplier reading = () -> {
                long now = System.nanoTime(), first = firstServed.get();
                return now - giveUp < 0 && (first == Long.MAX_VALUE || now - first < 2_000_000_000L);
            };
            for (NodeProcess n : c.nodes()) {
                Thread t = new Thread(() -> {
                    while (reading.getAsBoolean()) {
                        try (Jedis j = new Jedis("127.0.0.1", n.port(), 1000)) {
                            while (reading.getAsBoolean()) {
                                String v = j.get("x");
                                if (served.incrementAndGet() == 1) firstServed.set(System.nanoTime());
                                if (!last.equals(v)) seen.add(n.name() + " read " + v);
                            }
                        } catch (JedisException notYet) {
                            // not listening yet, MOVED, no leader, read timed out: no read served
                            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                        }
                    }
                }, "reader-" + n.name());
                t.setDaemon(true);
                readers.add(t);
                t.start();
            }
            for (Thread t : readers) t.join();
            assertThat(seen).as("round %d: reads that missed the last acknowledged write %s", round, last).isEmpty();
            assertThat(served.get()).as("round %d: some reads were served after the restart", round).isPositive();
            c.awaitStable(3);
        }
    }
}

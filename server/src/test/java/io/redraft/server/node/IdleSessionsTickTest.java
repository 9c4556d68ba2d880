package io.redraft.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.redraft.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node's tick must not cost anything per idle connection (#24): the soft output-limit check
 * looks only at sessions whose soft-limit clock runs, yet still closes one that stays over its
 * soft limit for longer than its seconds.
 */
class IdleSessionsTickTest {
    /** The sessions as the node thread hands them to the tick, counting how often they are walked. */
    private static final class Walked implements Iterable<ClientSession> {
        final List<ClientSession> sessions = new ArrayList<>();
        int walks;

        @Override
        public Iterator<ClientSession> iterator() {
            walks++;
            return sessions.iterator();
        }
    }

    private static ClientSession session(NodeThread node, long id) {
        ClientSession s = new ClientSession(id, new EmbeddedChannel(), "127.0.0.1:" + (10000 + id), "127.0.0.1:6379", true);
        s.pubsub = node.pubsub();
        return s;
    }

    @Test
    void idleSessionsAreNotWalkedOnEveryTickButASlowReaderIsStillClosed() throws Exception {
        ServerConfig config = ServerConfig.defaults();
        config.set("client-output-buffer-limit", "normal 0 1024 1");
        NodeThread node = new NodeThread(new NodeContext(config));
        OutputLimits limits = new OutputLimits(node.context(), node.pubsub());
        Walked all = new Walked();
        for (int i = 1; i <= 1000; i++) all.sessions.add(session(node, i));

        limits.checkSoft(all); // the limits are new to the tick: it looks at every session once
        int walksAfterFirst = all.walks;
        for (int i = 0; i < 10; i++) limits.checkSoft(all);
        assertThat(all.walks).as("ticks after the first walk no idle session").isEqualTo(walksAfterFirst);

        // A slow reader: its replies (here unflushed output) stay over the soft limit.
        ClientSession slow = all.sessions.get(500);
        slow.out = Unpooled.buffer(4096).writeZero(4096);
        limits.refresh();
        limits.check(slow, System.nanoTime()); // where replies are flushed: starts its clock
        assertThat(slow.isGone()).isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!slow.isGone() && System.nanoTime() < deadline) {
            limits.checkSoft(all);
            Thread.sleep(50);
        }
        assertThat(slow.isGone()).as("closed after its soft seconds by the tick alone").isTrue();
        assertThat(all.walks).isEqualTo(walksAfterFirst);
        slow.out.release();
    }
}

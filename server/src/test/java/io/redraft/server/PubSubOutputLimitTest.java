package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.RawClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * client-output-buffer-limit's pubsub class: a subscriber that does not read its messages is
 * closed once they pass the limit, as Redis does, and the publisher and the other subscribers go
 * on; the normal class does not apply to it.
 */
class PubSubOutputLimitTest extends InProcessClusterFixture {
    @Test
    void aSubscriberThatDoesNotReadIsClosedAtThePubsubLimit() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient slow = new RawClient(port); RawClient reader = new RawClient(port);
             RawClient pub = new RawClient(port)) {
            assertThat(pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0")).isEqualTo("+OK\r\n");
            assertThat(slow.call("SUBSCRIBE", "news")).contains("subscribe");
            assertThat(reader.call("SUBSCRIBE", "news")).contains("subscribe");
            byte[] channel = "news".getBytes();
            byte[] message = "x".repeat(10_000).getBytes();
            int sent = 0;
            // 10 kB a message, until the slow one is gone (it reads nothing: the kernel's buffers fill, then the node's).
            while (pub.call("PUBSUB", "NUMSUB", "news").contains(":2\r\n")) {
                for (int i = 0; i < 100; i++) pub.queue(List.of("PUBLISH".getBytes(), channel, message));
                pub.readQueued();
                sent += 100;
                for (int i = 0; i < 100; i++) assertThat(reader.readReply()).contains("message");
                assertThat(sent).as("closed before 100 MB").isLessThan(10_000);
            }
            // What reached its socket before the close is there to read, then the end of the stream.
            assertThatThrownBy(() -> {
                while (true) assertThat(slow.readReply()).contains("message");
            }).isInstanceOf(java.io.IOException.class);
            assertThat(pub.call("INFO", "stats")).contains("client_output_buffer_limit_disconnections:1\r\n");
            assertThat(pub.call("PUBLISH", "news", "still")).isEqualTo(":1\r\n");
            assertThat(reader.readReply()).contains("still");
        }
    }

    @Test
    void theNormalLimitDoesNotApplyToSubscribers() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient sub = new RawClient(port); RawClient pub = new RawClient(port)) {
            assertThat(pub.call("CONFIG", "SET", "client-output-buffer-limit", "normal 100kb 0 0")).isEqualTo("+OK\r\n");
            assertThat(sub.call("SUBSCRIBE", "news")).contains("subscribe");
            // It is a client of type pubsub (CLIENT LIST TYPE, flag P), which is what picks its limit.
            assertThat(pub.call("CLIENT", "LIST", "TYPE", "pubsub")).contains("flags=P db=0 sub=1 psub=0 ssub=0")
                    .doesNotContain("cmd=config");
            assertThat(pub.call("CLIENT", "LIST", "TYPE", "normal")).contains("cmd=client|list")
                    .doesNotContain("cmd=subscribe");
            byte[] message = "x".repeat(10_000).getBytes();
            for (int i = 0; i < 50; i++) pub.queue(List.of("PUBLISH".getBytes(), "news".getBytes(), message));
            assertThat(pub.readQueued()).allMatch(r -> new String(r).equals(":1\r\n"));
            for (int i = 0; i < 50; i++) assertThat(sub.readReply()).endsWith("x\r\n");
            assertThat(pub.call("INFO", "stats")).contains("client_output_buffer_limit_disconnections:0\r\n");
        }
    }
}

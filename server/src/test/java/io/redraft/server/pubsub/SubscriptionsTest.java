package io.redraft.server.pubsub;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.redraft.server.pubsub.Subscriptions.Kind.CHANNEL;
import static io.redraft.server.pubsub.Subscriptions.Kind.PATTERN;
import static io.redraft.server.pubsub.Subscriptions.Kind.SHARD;
import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionsTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    final Subscriptions<String> subs = new Subscriptions<>();
    final List<String> got = new ArrayList<>();

    int publish(String channel, String message) {
        return subs.publish(b(channel), b(message), (s, p, c, m) ->
                got.add(s + ":" + (p == null ? "" : new String(p) + ">") + new String(c) + "=" + new String(m)));
    }

    @Test
    void channelSubscribersThenPatternSubscribersInSubscriptionOrder() {
        subs.subscribe("a", CHANNEL, b("news"));
        subs.subscribe("b", CHANNEL, b("news"));
        subs.subscribe("a", PATTERN, b("n*"));
        subs.subscribe("c", PATTERN, b("*s"));
        assertThat(publish("news", "1")).isEqualTo(4);
        assertThat(got).containsExactly("a:news=1", "b:news=1", "a:n*>news=1", "c:*s>news=1");
        assertThat(subs.count("a")).isEqualTo(2);
        assertThat(subs.numpat()).isEqualTo(2);
        assertThat(subs.numsub(CHANNEL, b("news"))).isEqualTo(2);
    }

    @Test
    void subscribingTwiceCountsOnceAndUnsubscribeCleansUp() {
        assertThat(subs.subscribe("a", CHANNEL, b("x"))).isTrue();
        assertThat(subs.subscribe("a", CHANNEL, b("x"))).isFalse();
        assertThat(subs.count("a")).isEqualTo(1);
        assertThat(subs.unsubscribe("a", CHANNEL, b("y"))).isFalse();
        assertThat(subs.unsubscribe("a", CHANNEL, b("x"))).isTrue();
        assertThat(subs.subscribed("a")).isFalse();
        assertThat(subs.names(CHANNEL, null)).isEmpty();
        assertThat(publish("x", "m")).isZero();
    }

    @Test
    void shardChannelsAreApartAndDisconnectDropsAll() {
        subs.subscribe("a", SHARD, b("s1"));
        subs.subscribe("a", CHANNEL, b("s1"));
        subs.subscribe("a", PATTERN, b("*"));
        assertThat(subs.count("a")).isEqualTo(2);
        assertThat(subs.shardCount("a")).isEqualTo(1);
        List<String> shard = new ArrayList<>();
        assertThat(subs.spublish(b("s1"), b("m"), (s, p, c, m) -> shard.add(s))).isEqualTo(1);
        subs.remove("a");
        assertThat(subs.subscribed("a")).isFalse();
        assertThat(subs.numpat()).isZero();
        assertThat(subs.names(SHARD, null)).isEmpty();
        assertThat(subs.names(CHANNEL, b("*"))).isEmpty();
    }

    @Test
    void framesArePushesInResp3AndArraysInResp2() {
        for (int proto : new int[]{2, 3}) {
            ByteArrayOutput out = new ByteArrayOutput();
            RespWriter w = new RespWriter(out, proto);
            PubSubFrames.pmessage(w, b("n*"), b("news"), b("hi"));
            PubSubFrames.confirmation(w, "unsubscribe", null, 0);
            String head = proto == 2 ? "*" : ">";
            assertThat(out.toString()).isEqualTo(head + "4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n"
                    + head + "3\r\n$11\r\nunsubscribe\r\n" + (proto == 2 ? "$-1\r\n" : "_\r\n") + ":0\r\n");
        }
    }
}

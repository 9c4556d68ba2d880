package io.redraft.store.notify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis 7.0's flag strings, as redis-server 7.0.15 answers CONFIG SET and CONFIG GET. */
class NotifyFlagsTest {
    private static String roundTrip(String classes) {
        int flags = NotifyFlags.parse(classes);
        assertThat(flags).as(classes).isNotNegative();
        return NotifyFlags.format(flags);
    }

    @Test
    void printsTheFlagsBackInRedisOrder() {
        assertThat(roundTrip("KEA")).isEqualTo("AKE");
        assertThat(roundTrip("Ex")).isEqualTo("xE");
        assertThat(roundTrip("gK")).isEqualTo("gK");
        assertThat(roundTrip("KEg$lshzxet")).isEqualTo("g$lshzxetKE");
        assertThat(roundTrip("KEgn")).isEqualTo("gnKE");
        assertThat(roundTrip("ndgK")).isEqualTo("gdnK");
        assertThat(roundTrip("")).isEmpty();
        assertThat(roundTrip("KKEE")).isEqualTo("KE");
    }

    @Test
    void allHidesNewButNotKeyMiss() {
        assertThat(roundTrip("KEAnm")).isEqualTo("AKEm");
        assertThat(roundTrip("An")).isEqualTo("A");
        assertThat(roundTrip("nmKEg$lshzxetd")).isEqualTo("AKEm");
        int a = NotifyFlags.parse("A");
        assertThat(a & (NotifyFlags.KEY_MISS | NotifyFlags.NEW | NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)).isZero();
        assertThat(a & NotifyFlags.EVICTED).isNotZero();
    }

    @Test
    void rejectsUnknownCharacters() {
        assertThat(NotifyFlags.parse("Q")).isEqualTo(-1);
        assertThat(NotifyFlags.parse("KEAQ")).isEqualTo(-1);
        assertThat(NotifyFlags.parse("k")).isEqualTo(-1);
        assertThat(NotifyFlags.INVALID).isEqualTo("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }

    @Test
    void publishesNeedsAClassAndAChannelKind() {
        int kea = NotifyFlags.parse("KEA");
        assertThat(NotifyFlags.publishes(kea, NotifyFlags.LIST)).isTrue();
        assertThat(NotifyFlags.publishes(kea, NotifyFlags.NEW)).isFalse();
        assertThat(NotifyFlags.publishes(kea, NotifyFlags.KEY_MISS)).isFalse();
        assertThat(NotifyFlags.publishes(NotifyFlags.parse("A"), NotifyFlags.LIST)).isFalse();
        assertThat(NotifyFlags.publishes(NotifyFlags.parse("Kl"), NotifyFlags.SET)).isFalse();
        assertThat(NotifyFlags.publishes(NotifyFlags.parse("Em"), NotifyFlags.KEY_MISS)).isTrue();
    }

    @Test
    void channelsCarryDatabaseKeyAndEvent() {
        KeyspaceEvent e = new KeyspaceEvent(NotifyFlags.LIST, "lpush", io.redraft.store.Bytes.of("q:1"));
        assertThat(new String(e.keyspaceChannel(0))).isEqualTo("__keyspace@0__:q:1");
        assertThat(new String(e.keyeventChannel(0))).isEqualTo("__keyevent@0__:lpush");
    }
}

package io.redraft.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The session's named states: what each transition leads to, and that the impossible ones throw. */
class SessionStateTest {
    @Test
    void writesInFlightEndInIdleAndShutOutReadsAndBlocking() {
        RequestFlow f = new RequestFlow();
        f.writeSent();
        assertThat(f.takeHandedOn()).isTrue();
        assertThat(f.takeHandedOn()).isFalse();
        f.writeSent();
        assertThat(f.phase()).isEqualTo(RequestFlow.Phase.WRITES);
        assertThat(f.inFlight()).isEqualTo(2);
        assertThat(f.accepting()).isTrue();
        assertThatThrownBy(f::readSent).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f::readConfirmed).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f::block).isInstanceOf(IllegalStateException.class);
        assertThat(f.writeApplied()).isFalse();
        assertThat(f.writeApplied()).isTrue();
        assertThat(f.idle()).isTrue();
        assertThatThrownBy(f::writeApplied).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStalledFlowTakesNothingUntilItsLastReadIsConfirmed() {
        RequestFlow f = new RequestFlow();
        assertThatThrownBy(f::stall).isInstanceOf(IllegalStateException.class); // nothing to wait for
        f.readSent();
        f.stall();
        assertThat(f.accepting()).isFalse();
        assertThat(f.blocked()).isTrue();
        assertThatThrownBy(f::readSent).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f::writeSent).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f::stall).isInstanceOf(IllegalStateException.class);
        assertThat(f.readConfirmed()).isTrue();
        assertThat(f.idle()).isTrue();
        assertThat(f.accepting()).isTrue();
        assertThat(f.blocked()).isFalse();
    }

    @Test
    void aBlockedRequestIsUnblockedOnce() {
        RequestFlow f = new RequestFlow();
        assertThatThrownBy(f::unblock).isInstanceOf(IllegalStateException.class);
        f.block();
        assertThat(f.blocked()).isTrue();
        assertThat(f.accepting()).isFalse();
        assertThatThrownBy(f::writeSent).isInstanceOf(IllegalStateException.class);
        f.block(); // a wait handed on (JOIN: joined, now waiting for the leader) is still one wait
        f.unblock();
        assertThat(f.idle()).isTrue();
    }

    @Test
    void transactionQueuesAbortsAndEnds() {
        Transaction t = new Transaction();
        assertThatThrownBy(() -> t.queue(new byte[][] {{'x'}})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(t::fail).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(t::end).isInstanceOf(IllegalStateException.class);
        t.begin();
        assertThatThrownBy(t::begin).isInstanceOf(IllegalStateException.class);
        t.queue(new byte[][] {{'a'}});
        t.fail();
        assertThat(t.phase()).isEqualTo(Transaction.Phase.ABORTED);
        t.queue(new byte[][] {{'b'}}); // Redis keeps queueing after a failed dry run; EXEC aborts
        assertThat(t.end()).hasSize(2);
        assertThat(t.phase()).isEqualTo(Transaction.Phase.NONE);
        assertThat(t.queued()).isNull();
    }

    @Test
    void aConnectionClosesOnceAndNeverReopens() {
        ClientSession s = new ClientSession(1, null, "127.0.0.1:1", "127.0.0.1:2", true);
        assertThat(s.isGone()).isFalse();
        s.close();
        assertThat(s.closing()).isTrue();
        assertThat(s.isGone()).isTrue();
        s.close();
        s.disconnected();
        assertThat(s.closing()).isFalse(); // gone: nothing left to flush
        s.close();
        assertThat(s.isGone()).isTrue();
        assertThat(s.closing()).isFalse();
    }
}

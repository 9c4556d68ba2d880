package io.redraft.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MajorityQuorumTest {
    @Test
    void committedIsTheValueAMajorityHasReached() {
        List<Integer> voters = List.of(1, 2, 3, 4, 5);
        Map<Integer, Long> match = Map.of(1, 10L, 2, 7L, 3, 9L, 4, 2L, 5, 3L);
        assertThat(MajorityQuorum.committed(voters, match::get)).isEqualTo(7);
        assertThat(MajorityQuorum.committed(List.of(1), v -> 4)).isEqualTo(4);
        assertThat(MajorityQuorum.committed(List.of(), v -> 4)).isZero();
    }

    @Test
    void voteResultNeedsAMajorityOfVotersOnly() {
        List<Integer> voters = List.of(1, 2, 3, 4);
        assertThat(MajorityQuorum.voteResult(voters, v -> v <= 2, v -> false)).isEqualTo(MajorityQuorum.VoteResult.PENDING);
        assertThat(MajorityQuorum.voteResult(voters, v -> v <= 3, v -> false)).isEqualTo(MajorityQuorum.VoteResult.WON);
        assertThat(MajorityQuorum.voteResult(voters, v -> v <= 2, v -> v > 2)).isEqualTo(MajorityQuorum.VoteResult.LOST);
        // a non-voter's vote (99) does not count
        assertThat(MajorityQuorum.voteResult(List.of(1, 2, 3), v -> v == 1 || v == 99, v -> false))
                .isEqualTo(MajorityQuorum.VoteResult.PENDING);
    }

    /** The committed value is held by a majority, and no larger value is. */
    @Property(tries = 500)
    void committedIsTheLargestValueHeldByAMajority(@ForAll @Size(min = 1, max = 9) List<@IntRange(min = 0, max = 50) Integer> values) {
        List<Integer> voters = new ArrayList<>();
        Map<Integer, Long> match = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            voters.add(i + 1);
            match.put(i + 1, (long) values.get(i));
        }
        long c = MajorityQuorum.committed(voters, match::get);
        int quorum = values.size() / 2 + 1;
        assertThat(values.stream().filter(v -> v >= c).count()).isGreaterThanOrEqualTo(quorum);
        assertThat(values.stream().filter(v -> v >= c + 1).count()).isLessThan(quorum);
    }

    /** Two majorities of the same voters always intersect, so two winners are impossible. */
    @Property(tries = 500)
    void twoCandidatesCannotBothWin(@ForAll @IntRange(min = 1, max = 9) int n, @ForAll long mask) {
        List<Integer> voters = new ArrayList<>();
        for (int i = 0; i < n; i++) voters.add(i);
        MajorityQuorum.VoteResult a = MajorityQuorum.voteResult(voters, v -> (mask >>> v & 1) == 1, v -> false);
        MajorityQuorum.VoteResult b = MajorityQuorum.voteResult(voters, v -> (mask >>> v & 1) == 0, v -> false);
        assertThat(a == MajorityQuorum.VoteResult.WON && b == MajorityQuorum.VoteResult.WON).isFalse();
    }
}

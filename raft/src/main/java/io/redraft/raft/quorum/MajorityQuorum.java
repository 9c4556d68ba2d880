package io.redraft.raft.quorum;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * Majority arithmetic over a set of voters, kept apart from the rest of the core so it can be
 * tested on its own (etcd's {@code quorum/majority.go}). Only voting members count (thesis §4.2.1).
 * Pure functions of their arguments: no state, no knowledge of messages or roles.
 */
public final class MajorityQuorum {
    /** Outcome of an election so far. */
    public enum VoteResult { PENDING, WON, LOST }

    private MajorityQuorum() {}

    /** Votes needed to win among {@code n} voters. */
    public static int size(int n) {
        return n / 2 + 1;
    }

    /**
     * The largest value that a majority of voters has reached: the commit index when the values
     * are match indices (§5.3, §5.4.2), the confirmed heartbeat round when they are msg ids.
     * With no voters nothing is committed: 0.
     */
    public static long committed(List<Integer> voters, IntToLongFunction valueOf) {
        int n = voters.size();
        if (n == 0) return 0;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) values[i] = valueOf.applyAsLong(voters.get(i));
        Arrays.sort(values);
        // ascending: the element at n - quorum is held by at least a quorum of voters
        return values[n - size(n)];
    }

    /** Election outcome given who granted and who refused (§5.2). */
    public static VoteResult voteResult(List<Integer> voters, IntPredicate granted, IntPredicate refused) {
        int n = voters.size();
        if (n == 0) return VoteResult.LOST;
        int yes = 0, no = 0;
        for (int v : voters) {
            if (granted.test(v)) yes++;
            else if (refused.test(v)) no++;
        }
        if (yes >= size(n)) return VoteResult.WON;
        if (n - no < size(n)) return VoteResult.LOST;
        return VoteResult.PENDING;
    }

    /** Whether a majority of voters satisfies {@code p} (check-quorum, thesis §6.2). */
    public static boolean hasQuorum(List<Integer> voters, IntPredicate p) {
        int n = voters.size();
        if (n == 0) return false;
        int yes = 0;
        for (int v : voters) if (p.test(v)) yes++;
        return yes >= size(n);
    }
}

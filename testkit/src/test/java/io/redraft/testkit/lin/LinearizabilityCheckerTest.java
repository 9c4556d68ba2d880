package io.redraft.testkit.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    private final List<Op> ops = new ArrayList<>();
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private void op(int client, OpKind kind, String key, String value, long from, long to) {
        ops.add(new Op(ops.size(), client, kind, key, value, from, to));
    }

    private void put(int c, String v, long from, long to) { op(c, OpKind.PUT, "x", v, from, to); }

    private void append(int c, String v, long from, long to) { op(c, OpKind.APPEND, "x", v, from, to); }

    private void get(int c, String v, long from, long to) { op(c, OpKind.GET, "x", v, from, to); }

    private void incr(int c, String v, long from, long to) { op(c, OpKind.INCR, "x", v, from, to); }

    private CheckResult check() {
        return checker.check(ops);
    }

    private void cas(int c, String expected, String next, String outcome, long from, long to) {
        op(c, OpKind.CAS, "x", OpKind.casValue(expected, next, outcome), from, to);
    }

    @Test
    void casSucceedsOnlyOnTheExpectedValue() {
        cas(1, "", "a", "1", 1, 2);
        cas(2, "a", "b", "1", 3, 4);
        cas(1, "a", "c", "0", 5, 6);
        get(2, "b", 7, 8);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void twoCasFromTheSameValueCannotBothWin() {
        put(1, "a", 1, 2);
        cas(1, "a", "b", "1", 3, 10);
        cas(2, "a", "c", "1", 4, 9);
        assertThat(check().ok()).isFalse();
    }

    @Test
    void aCasThatFailedOnTheValueItExpectedIsAViolation() {
        put(1, "a", 1, 2);
        cas(2, "a", "b", "0", 3, 4);
        assertThat(check().ok()).isFalse();
    }

    @Test
    void anUnansweredCasMayHaveWrittenOrNot() {
        put(1, "a", 1, 2);
        cas(2, "a", "b", null, 3, Op.NEVER);
        get(1, "b", 5, 6);
        get(1, "b", 7, 8);
        assertThat(check().ok()).isTrue();
        ops.clear();
        put(1, "a", 1, 2);
        cas(2, "a", "b", null, 3, Op.NEVER);
        get(1, "a", 5, 6);
        assertThat(check().ok()).isTrue();
    }

    /** Dropping unanswered CAS ops nobody saw must not hide that a CAS answering 0 needed one of them. */
    @Test
    void anUnansweredCasIsKeptWhenAFailedCasNeedsIt() {
        put(1, "a", 1, 2);
        cas(2, "a", "b", null, 3, Op.NEVER);
        cas(1, "a", "c", "0", 4, 5);
        put(1, "d", 6, 7);
        get(1, "d", 8, 9);
        assertThat(check().ok()).isTrue();
        ops.clear();
        put(1, "a", 1, 2);
        cas(1, "a", "c", "0", 4, 5);
        put(1, "d", 6, 7);
        get(1, "d", 8, 9);
        assertThat(check().ok()).as("without the unanswered CAS, the 0 is a violation").isFalse();
    }

    @Test
    void manyUnansweredCasOpsNobodySawStillCheckQuickly() {
        put(1, "a", 1, 2);
        for (int i = 0; i < 60; i++) cas(2 + i, "a", "n" + i, null, 3 + i, Op.NEVER);
        get(1, "a", 100, 101);
        assertThat(new LinearizabilityChecker(100_000).check(ops).ok()).isTrue();
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertThat(check().ok()).isTrue();
    }

    @Test
    void sequentialWritesAndReadsAreLinearizable() {
        get(1, null, 1, 2);
        put(1, "a", 3, 4);
        get(2, "a", 5, 6);
        append(2, "b", 7, 8);
        get(1, "ab", 9, 10);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void concurrentOpsMayTakeEffectInEitherOrder() {
        put(1, "a", 1, 10);
        put(2, "b", 2, 9);
        get(3, "a", 11, 12);
        get(4, "a", 13, 14);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void readConcurrentWithWriteMaySeeOldOrNew() {
        put(1, "a", 1, 2);
        put(2, "b", 3, 10);
        get(3, "b", 4, 5);
        get(4, "b", 6, 7);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void staleReadIsCaught() {
        put(1, "a", 1, 2);
        put(1, "b", 3, 4);
        get(2, "a", 5, 6);
        CheckResult r = check();
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.explanation()).contains("key x").contains("#2");
    }

    @Test
    void readsThatGoBackInTimeAreCaught() {
        // Each read alone could be explained, but once one client saw "b" nobody may see "a" later.
        put(1, "a", 1, 2);
        put(2, "b", 3, 20);
        get(3, "b", 4, 5);
        get(4, "a", 6, 7);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void lostWriteIsCaught() {
        append(1, "a", 1, 2);
        append(2, "b", 3, 4);
        get(3, "b", 5, 6);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void acknowledgedPutThatIsNeverSeenIsCaught() {
        put(1, "a", 1, 2);
        get(2, null, 3, 4);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void realTimeViolationIsCaught() {
        // Legal in some order (b then a), but b was invoked after a returned.
        append(1, "a", 1, 2);
        append(2, "b", 3, 4);
        get(3, "ba", 5, 6);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        ops.clear();
        append(1, "a", 1, 4);
        append(2, "b", 2, 3);
        get(3, "ba", 5, 6);
        assertThat(check().ok()).as("same ops, overlapping").isTrue();
    }

    @Test
    void readOfAValueNeverWrittenIsCaught() {
        put(1, "a", 1, 2);
        get(2, "z", 3, 4);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void indeterminateWriteMayTakeEffectLateOrNever() {
        put(1, "a", 1, 2);
        put(2, "b", 3, Op.NEVER);
        get(3, "a", 4, 5);
        get(3, "b", 6, 7);
        assertThat(check().ok()).as("takes effect between the reads").isTrue();
        ops.clear();
        put(1, "a", 1, 2);
        put(2, "b", 3, Op.NEVER);
        get(3, "a", 100, 101);
        assertThat(check().ok()).as("never takes effect").isTrue();
    }

    @Test
    void indeterminateWriteCannotTakeEffectBeforeItIsInvoked() {
        put(1, "a", 1, 2);
        get(3, "b", 3, 4);
        put(2, "b", 5, Op.NEVER);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void indeterminateAppendTakingEffectTwiceIsCaught() {
        append(1, "a", 1, Op.NEVER);
        get(2, "a", 2, 3);
        get(2, "aa", 4, 5);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void indeterminatePutTakingEffectTwiceIsCaught() {
        put(1, "a", 1, Op.NEVER);
        get(2, "a", 2, 3);
        put(3, "b", 4, 5);
        get(2, "a", 6, 7);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void manyTimedOutWritesNobodySawDoNotSlowTheSearch() {
        long t = 0;
        for (int i = 0; i < 60; i++) {
            put(i, "lost" + i, t, Op.NEVER);
            append(100 + i, "x" + i + ";", t + 1, Op.NEVER);
            t += 2;
        }
        put(500, "seen", 1, Op.NEVER);
        get(501, "seen", t + 1, t + 2);
        get(501, "seen", t + 3, t + 4);
        assertThat(check().ok()).isTrue();
        get(501, "lost7", t + 5, t + 6);
        assertThat(check().ok()).as("a timed-out write may still be seen, once").isTrue();
        get(501, "seen", t + 7, t + 8);
        assertThat(check().outcome()).as("but not undone").isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void aTimedOutPutSeenOnlyThroughLaterAppendsStillCounts() {
        put(1, "a", 1, Op.NEVER);
        append(2, "b", 5, 6);
        get(3, "ab", 7, 8);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void keysAreCheckedIndependentlyAndTheBadOneIsNamed() {
        op(1, OpKind.PUT, "k1", "a", 1, 2);
        op(1, OpKind.PUT, "k2", "a", 3, 4);
        op(2, OpKind.GET, "k1", "a", 5, 6);
        op(2, OpKind.GET, "k2", null, 7, 8);
        CheckResult r = check();
        assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
        assertThat(r.explanation()).startsWith("key k2");
    }

    @Test
    void historyRecorderOrdersByRecording() {
        History h = new History();
        History.Pending w = h.invoke(1, OpKind.PUT, "x", "a");
        w.ok(null);
        History.Pending r = h.invoke(2, OpKind.GET, "x", null);
        History.Pending lost = h.invoke(3, OpKind.PUT, "x", "b");
        History.Pending rejected = h.invoke(4, OpKind.PUT, "x", "c");
        rejected.fail();
        lost.unknown();
        r.ok("a");
        assertThat(h.ops()).hasSize(3);
        assertThat(h.ops().get(0).returned()).isLessThan(h.ops().get(1).invoked());
        assertThat(checker.check(h.ops()).ok()).isTrue();
        History.Pending r2 = h.invoke(2, OpKind.GET, "x", null);
        r2.ok("c");
        assertThat(checker.check(h.ops()).ok()).as("a failed write must not be seen").isFalse();
    }

    @Test
    void manyConcurrentClientsStillCheckQuickly() {
        // 6 clients appending distinct letters with heavy overlap, then a read of the order the
        // "system" chose: the search must find it, and refute a wrong final read, without
        // blowing up (refuting costs ~6! orders per round; 8 clients would cost 8!).
        StringBuilder order = new StringBuilder();
        long t = 0;
        for (int round = 0; round < 30; round++) {
            long start = t;
            for (int c = 0; c < 6; c++) {
                String v = Character.toString('a' + c);
                append(c, v, start + c, start + 20 + (5 - c));
                order.append(v);
            }
            t += 30;
            get(9, order.toString(), t, t + 1);
            t += 2;
        }
        assertThat(check().ok()).isTrue();
        get(9, order + "x", t + 5, t + 6);
        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.VIOLATION);
    }

    @Test
    void incrCountsFromZeroOnAMissingKeyAndFromTheLastSet() {
        incr(1, "1", 1, 2);
        incr(2, "2", 3, 4);
        put(1, "1000000", 5, 6);
        incr(2, "1000001", 7, 8);
        get(1, "1000001", 9, 10);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void concurrentIncrsMayReturnInEitherOrder() {
        incr(1, "2", 1, 10);
        incr(2, "1", 2, 9);
        get(3, "2", 11, 12);
        assertThat(check().ok()).isTrue();
    }

    @Test
    void twoIncrsReturningTheSameValueAreALostUpdate() {
        incr(1, "1", 1, 10);
        incr(2, "1", 2, 9);
        assertThat(check().ok()).isFalse();
    }

    @Test
    void anIncrThatNeverAnsweredMayCountOnceOrNeverButNotTwice() {
        incr(1, null, 1, Op.NEVER);
        get(2, "1", 2, 3);
        incr(2, "2", 4, 5);
        assertThat(check().ok()).as("counted once").isTrue();
        ops.clear();
        incr(1, null, 1, Op.NEVER);
        incr(2, "1", 2, 3);
        assertThat(check().ok()).as("never counted").isTrue();
        ops.clear();
        incr(1, null, 1, Op.NEVER);
        get(2, "2", 2, 3);
        assertThat(check().ok()).as("counted twice").isFalse();
    }

    @Test
    void anIncrSeeingAnOverwrittenValueIsAStaleRead() {
        put(1, "1000000", 1, 2);
        put(1, "2000000", 3, 4);
        incr(2, "1000001", 5, 6);
        assertThat(check().ok()).isFalse();
    }

    @Test
    void aTimedOutPutSeenOnlyThroughAnIncrReplyIsKept() {
        put(1, "1000000", 1, 2);
        put(2, "7000000", 3, Op.NEVER);
        incr(3, "7000001", 4, 5);
        put(1, "2000000", 6, 7);
        get(3, "2000000", 8, 9);
        assertThat(check().ok()).as(check().toString()).isTrue();
    }
}

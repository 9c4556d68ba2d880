package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrashCheckerTest {
    @Test
    void flagsExceptionsStackTracesAndUnexpectedWarnings() {
        assertThat(CrashChecker.classify("Exception in thread \"main\" java.lang.IllegalStateException: x")).isEqualTo("uncaught exception");
        assertThat(CrashChecker.classify("\tat io.redraft.server.Foo.bar(Foo.java:12)")).isEqualTo("stack trace");
        assertThat(CrashChecker.classify("Caused by: java.io.IOException: boom")).isEqualTo("uncaught exception");
        assertThat(CrashChecker.classify("123:M 25 Nov 2026 15:22:01.123 # <redisraft> log index gap at 17"))
                .isEqualTo("unexpected warning or error");
    }

    @Test
    void acceptsNoticesAndWarningsThatFaultsExplain() {
        assertThat(CrashChecker.classify("123:M 25 Nov 2026 15:22:01.123 * Ready to accept connections tcp")).isNull();
        assertThat(CrashChecker.classify("123:M 25 Nov 2026 15:22:01.123 # <redisraft> connection to node 2 refused")).isNull();
        assertThat(CrashChecker.classify("### start 2: java -jar redraft-server.jar")).isNull();
    }

    @Test
    void aTornTailCutOffAfterAKillOrAFullDiskIsExpected() {
        assertThat(CrashChecker.classify("19472:M 25 Nov 2026 18:34:02.708 # /tmp/x/raftlog1.db: cutting off a torn last record"
                + " of 89 bytes at offset 2682791 (a write interrupted by a crash); the log now ends at entry 16660")).isNull();
        assertThat(CrashChecker.classify("28101:M 07 Dec 2026 12:09:16.955 # Finishing the install of snapshot"
                + " raft2.rdb.tmp.27515 (up to entry 2848) interrupted by a crash")).isNull();
    }

    /**
     * A log that ends before the snapshot's last entry is what a kill -9 leaves when the node had
     * applied entries its own log thread had not yet written; one holding that entry with another
     * term is not.
     */
    @Test
    void aLogShortOfTheSnapshotIsExpectedOneThatDisagreesWithItIsNot() {
        assertThat(CrashChecker.classify("20173:M 07 Dec 2026 16:05:46.123 # raftlog1.db does not contain the snapshot's last"
                + " entry 12289 (term 5): it ends at entry 12270, short of what this node had applied when it stopped;"
                + " restarting the log after the snapshot")).isNull();
        assertThat(CrashChecker.classify("20173:M 07 Dec 2026 16:05:46.123 # raftlog1.db does not contain the snapshot's last"
                + " entry 12289 (term 5): it holds that entry with term 4; restarting the log after the snapshot"))
                .isEqualTo("unexpected warning or error");
    }
}

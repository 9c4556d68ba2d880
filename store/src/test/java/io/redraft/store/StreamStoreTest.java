package io.redraft.store;

import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams inside the state machine, without a reference server: every time a stream records
 * comes from the command's leader-fixed {@code now} (so replicas agree), BLOCK is refused
 * rather than faked, and digests, snapshots and RDB files carry the whole stream.
 */
class StreamStoreTest {
    /** Two replicas applying the same log entries (same argv and context) end identical. */
    @Test
    void starIdsAndTimesComeFromTheCommandClock() {
        TestClient leader = new TestClient();
        TestClient replica = new TestClient();
        for (TestClient c : new TestClient[]{leader, replica}) {
            c.now = 1_800_000_000_000L;
            assertThat(c.value("XADD", "s", "*", "f", "v")).isEqualTo("1800000000000-0");
            assertThat(c.value("XADD", "s", "*", "f", "w")).isEqualTo("1800000000000-1");
            c.now = 1_700_000_000_000L; // a clock behind the last ID: the sequence moves on
            assertThat(c.value("XADD", "s", "*", "f", "x")).isEqualTo("1800000000000-2");
            c.now = 1_800_000_000_500L;
            c.run("XGROUP", "CREATE", "s", "g", "0");
            c.run("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
            c.now = 1_800_000_001_000L;
            c.run("XCLAIM", "s", "g", "bob", "0", "1800000000000-1");
        }
        assertThat(leader.store.digest()).isEqualTo(replica.store.digest());
        String full = leader.run("XINFO", "STREAM", "s", "FULL");
        // PEL delivery times and consumers' seen times are the commands' clocks, nothing else.
        assertThat(full).contains("$5\r\nalice\r\n:1800000000500\r\n:1\r\n")
                .contains("$3\r\nbob\r\n:1800000001000\r\n:2\r\n")
                .contains("$9\r\nseen-time\r\n:1800000000500\r\n").contains("$9\r\nseen-time\r\n:1800000001000\r\n");
        leader.now = 1_800_000_003_000L;
        assertThat(leader.run("XPENDING", "s", "g", "-", "+", "10"))
                .isEqualTo("*2\r\n*4\r\n$15\r\n1800000000000-0\r\n$5\r\nalice\r\n:2500\r\n:1\r\n"
                        + "*4\r\n$15\r\n1800000000000-1\r\n$3\r\nbob\r\n:2000\r\n:2\r\n");
        assertThat(leader.run("XINFO", "CONSUMERS", "s", "g")).contains("$4\r\nidle\r\n:2500\r\n")
                .contains("$4\r\nidle\r\n:2000\r\n");
    }

    @Test
    void blockThatWouldWaitAnswersNullWithoutSideEffectsAsRedisInsideMulti() {
        TestClient c = new TestClient();
        c.run("XADD", "s", "1-0", "f", "v");
        c.run("XGROUP", "CREATE", "s", "g", "$");
        String before = c.store.digest();
        // The store never waits; the server makes the client wait (docs/blocking.md).
        assertThat(c.run("XREAD", "BLOCK", "100", "STREAMS", "s", "$")).isEqualTo("*-1\r\n");
        assertThat(c.run("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">")).isEqualTo("*-1\r\n");
        assertThat(c.store.digest()).isEqualTo(before);
        assertThat(c.run("XINFO", "CONSUMERS", "s", "g")).isEqualTo("*0\r\n");
        // With data at hand BLOCK answers at once, as Redis does.
        assertThat(c.run("XREAD", "BLOCK", "0", "STREAMS", "s", "0"))
                .isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    }

    @Test
    void digestCoversEntriesGroupsAndPendingEntries() {
        TestClient c = new TestClient();
        c.run("XADD", "s", "1-0", "f", "v");
        c.run("XGROUP", "CREATE", "s", "g", "0");
        String d0 = c.store.digest();
        c.run("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
        String d1 = c.store.digest();
        c.run("XACK", "s", "g", "1-0");
        String d2 = c.store.digest();
        c.run("XSETID", "s", "5-0");
        String d3 = c.store.digest();
        assertThat(java.util.Set.of(d0, d1, d2, d3)).hasSize(4);
        assertThat(c.value("TYPE", "s")).isEqualTo("stream");
        assertThat(c.value("OBJECT", "ENCODING", "s")).isEqualTo("stream");
    }

    @Test
    void snapshotsAndRdbFilesCarryTheWholeStream() throws Exception {
        TestClient c = new TestClient();
        for (int i = 1; i <= 150; i++) {
            c.run("XADD", "s", i + "-0", "f", "v" + i, "n", Integer.toString(i));
        }
        c.run("XDEL", "s", "7-0", "8-0");
        c.run("XGROUP", "CREATE", "s", "g", "0");
        c.run("XREADGROUP", "GROUP", "g", "a", "COUNT", "5", "STREAMS", "s", ">");
        c.run("XGROUP", "CREATE", "e", "g", "$", "MKSTREAM");
        String digest = c.store.digest();
        String info = c.run("XINFO", "STREAM", "s", "FULL", "COUNT", "0");

        ByteArrayOutputStream codec = new ByteArrayOutputStream();
        c.store.writeSnapshot(codec);
        TestClient fromCodec = new TestClient();
        fromCodec.store.readSnapshot(new ByteArrayInputStream(codec.toByteArray()));
        assertThat(fromCodec.store.digest()).isEqualTo(digest);

        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        RdbWriter.write(c.store.keyspace(), null, c.now, rdb);
        TestClient fromRdb = new TestClient();
        fromRdb.store.install(RdbReader.read(new ByteArrayInputStream(rdb.toByteArray()), "test").keyspace());
        assertThat(fromRdb.store.digest()).isEqualTo(digest);
        assertThat(fromRdb.run("XINFO", "STREAM", "s", "FULL", "COUNT", "0")).isEqualTo(info);

        // A value being written while a snapshot view holds it is copied first.
        Keyspace view = c.store.openSnapshotView();
        c.run("XACK", "s", "g", "1-0");
        ByteArrayOutputStream viewRdb = new ByteArrayOutputStream();
        RdbWriter.write(view, null, c.now, viewRdb);
        c.store.releaseSnapshotView();
        TestClient fromView = new TestClient();
        fromView.store.install(RdbReader.read(new ByteArrayInputStream(viewRdb.toByteArray()), "view").keyspace());
        assertThat(fromView.store.digest()).isEqualTo(digest);
        assertThat(c.store.digest()).isNotEqualTo(digest);
    }

    @Test
    void copyRenameDumpRestoreAndExpire() {
        TestClient c = new TestClient();
        c.run("XADD", "s", "1-0", "f", "v");
        c.run("XGROUP", "CREATE", "s", "g", "0");
        c.run("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
        assertThat(c.value("COPY", "s", "t")).isEqualTo("1");
        c.run("XACK", "t", "g", "1-0");
        assertThat(c.run("XPENDING", "s", "g")).startsWith("*4\r\n:1\r\n"); // the copy is deep
        assertThat(c.run("XPENDING", "t", "g")).startsWith("*4\r\n:0\r\n");
        assertThat(c.value("RENAME", "t", "u")).isEqualTo("OK");
        assertThat(c.value("EXISTS", "t")).isEqualTo("0");
        String dump = c.run("DUMP", "s");
        assertThat(dump).startsWith("$");
        assertThat(c.value("EXPIRE", "u", "10")).isEqualTo("1");
        c.now += 11_000;
        assertThat(c.value("EXISTS", "u")).isEqualTo("0");
        assertThat(c.value("DEL", "s")).isEqualTo("1");
    }
}

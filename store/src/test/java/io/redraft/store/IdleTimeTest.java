package io.redraft.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OBJECT IDLETIME counts from the last access by each command's {@code now}, deterministically. */
class IdleTimeTest {
    @Test
    void readsAndWritesResetIdleTimeButInspectionDoesNot() {
        TestClient c = new TestClient();
        c.run("SET", "k", "v");
        c.now += 5_500;
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("5");
        c.run("TYPE", "k");
        c.run("EXISTS", "k");
        c.run("TTL", "k");
        c.run("OBJECT", "ENCODING", "k");
        c.run("SCAN", "0");
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("5");
        c.run("GET", "k");
        c.now += 2_000;
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("2");
        c.run("APPEND", "k", "x");
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("0");
        assertThat(c.run("OBJECT", "FREQ", "k")).startsWith("-ERR An LFU maxmemory policy is not selected");
    }

    @Test
    void replicasApplyingTheSameWritesAgree() {
        TestClient a = new TestClient();
        TestClient b = new TestClient();
        for (TestClient c : new TestClient[]{a, b}) {
            c.run("HSET", "h", "f", "v");
            c.now += 3_000;
            c.run("HSET", "h", "g", "w");
            c.now += 4_000;
        }
        assertThat(a.value("OBJECT", "IDLETIME", "h")).isEqualTo("4").isEqualTo(b.value("OBJECT", "IDLETIME", "h"));
    }

    @Test
    void loadedValuesCountFromTheLoadAndSnapshotCopiesKeepTheirClock() throws Exception {
        TestClient c = new TestClient();
        c.run("SET", "k", "v");
        java.io.ByteArrayOutputStream snap = new java.io.ByteArrayOutputStream();
        c.store.writeSnapshot(snap);
        TestClient d = new TestClient();
        d.now = c.now + 100_000;
        d.store.readSnapshot(new java.io.ByteArrayInputStream(snap.toByteArray()));
        d.run("PING");
        d.now += 3_000;
        assertThat(d.value("OBJECT", "IDLETIME", "k")).isEqualTo("3");

        Keyspace view = c.store.openSnapshotView();
        c.now += 9_000;
        c.run("SET", "other", "x");
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("9");
        c.run("APPEND", "k", "w"); // copy-on-write of a value the view holds
        assertThat(c.value("OBJECT", "IDLETIME", "k")).isEqualTo("0");
        c.store.releaseSnapshotView();
        assertThat(view.size()).isEqualTo(1);
    }
}

package io.redraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HyperLogLog facts that hold without redis-server (the differential group checks the bytes). */
class HllStoreTest {
    @Test
    void sparseThenDenseAndCachedCardinality() {
        TestClient c = new TestClient();
        assertThat(c.run("PFADD", "h")).isEqualTo(":1\r\n");
        assertThat(c.value("STRLEN", "h")).isEqualTo("18"); // header + one XZERO covering 16384
        assertThat(c.run("PFADD", "h", "a", "b", "c")).isEqualTo(":1\r\n");
        assertThat(c.run("PFCOUNT", "h")).isEqualTo(":3\r\n");
        assertThat(c.run("PFADD", "h", "a")).isEqualTo(":0\r\n");
        String[] many = new String[2002];
        many[0] = "PFADD";
        many[1] = "h";
        for (int i = 2; i < many.length; i++) {
            many[i] = "e" + i;
        }
        c.run(many);
        assertThat(c.value("STRLEN", "h")).isEqualTo("12304"); // promoted to dense
        long n = Long.parseLong(c.value("PFCOUNT", "h"));
        assertThat(n).isBetween(1900L, 2100L);
        assertThat(c.run("OBJECT", "ENCODING", "h")).isEqualTo("$3\r\nraw\r\n");
        // A 12 KB binary value: string2ld refuses it by length (this once threw inside the parser).
        assertThat(c.run("INCRBYFLOAT", "h", "0")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(c.run("SET", "s", "x")).isEqualTo("+OK\r\n");
        assertThat(c.run("PFADD", "s", "a")).isEqualTo("-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n");
    }

    @Test
    void incrbyfloatOnAHugeExponentIsAnError() {
        TestClient c = new TestClient();
        c.run("SET", "f", "1e30079223372036854775807");
        assertThat(c.run("INCRBYFLOAT", "f", "0")).isEqualTo("-ERR value is not a valid float\r\n");
        c.run("SET", "f", "1e5000");
        assertThat(c.run("INCRBYFLOAT", "f", "0")).isEqualTo("-ERR value is not a valid float\r\n");
        c.run("SET", "f", "1e-99999999999");
        assertThat(c.run("INCRBYFLOAT", "f", "0")).isEqualTo("-ERR value is not a valid float\r\n");
    }

    @Test
    void incrbyfloatOnAnHllIsAnError() {
        TestClient c = new TestClient();
        c.run("PFADD", "h", "a");
        assertThat(c.run("INCRBYFLOAT", "h", "0")).isEqualTo("-ERR value is not a valid float\r\n");
    }
}

package io.redraft.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OBJECT ENCODING follows Redis 7's names and thresholds. */
class EncodingTest {
    private final TestClient c = new TestClient();

    @Test
    void strings() {
        c.run("SET", "k", "12345");
        assertThat(c.value("OBJECT", "ENCODING", "k")).isEqualTo("int");
        c.run("SET", "k", "012");
        assertThat(c.value("OBJECT", "ENCODING", "k")).isEqualTo("embstr");
        c.run("SET", "k", "x".repeat(44));
        assertThat(c.value("OBJECT", "ENCODING", "k")).isEqualTo("embstr");
        c.run("SET", "k", "x".repeat(45));
        assertThat(c.value("OBJECT", "ENCODING", "k")).isEqualTo("raw");
        c.run("SET", "k", "a");
        c.run("APPEND", "k", "b");
        assertThat(c.value("OBJECT", "ENCODING", "k")).isEqualTo("raw");
        c.run("INCRBYFLOAT", "f", "3");
        assertThat(c.value("OBJECT", "ENCODING", "f")).isEqualTo("embstr");
        c.run("INCR", "i");
        assertThat(c.value("OBJECT", "ENCODING", "i")).isEqualTo("int");
        assertThat(c.run("OBJECT", "ENCODING", "nokey")).isEqualTo("$-1\r\n");
    }

    @Test
    void hashGrowsFromListpackToHashtableForGood() {
        for (int i = 0; i < 128; i++) {
            c.run("HSET", "h", "f" + i, "v");
        }
        assertThat(c.value("OBJECT", "ENCODING", "h")).isEqualTo("listpack");
        c.run("HSET", "h", "f128", "v");
        assertThat(c.value("OBJECT", "ENCODING", "h")).isEqualTo("hashtable");
        c.run("HDEL", "h", "f128", "f127");
        assertThat(c.value("OBJECT", "ENCODING", "h")).isEqualTo("hashtable");
        c.run("HSET", "h2", "f", "v".repeat(65));
        assertThat(c.value("OBJECT", "ENCODING", "h2")).isEqualTo("hashtable");
    }

    @Test
    void setsMoveIntsetListpackHashtable() {
        c.run("SADD", "s", "1", "2", "3");
        assertThat(c.value("OBJECT", "ENCODING", "s")).isEqualTo("intset");
        c.run("SADD", "s", "a");
        assertThat(c.value("OBJECT", "ENCODING", "s")).isEqualTo("listpack");
        for (int i = 0; i < 130; i++) {
            c.run("SADD", "s", "m" + i);
        }
        assertThat(c.value("OBJECT", "ENCODING", "s")).isEqualTo("hashtable");
        for (int i = 0; i < 513; i++) {
            c.run("SADD", "big", Integer.toString(i));
        }
        assertThat(c.value("OBJECT", "ENCODING", "big")).isEqualTo("hashtable");
    }

    @Test
    void listsAndZsets() {
        c.run("RPUSH", "l", "a", "b");
        assertThat(c.value("OBJECT", "ENCODING", "l")).isEqualTo("listpack");
        for (int i = 0; i < 40; i++) {
            c.run("RPUSH", "l", "x".repeat(300));
        }
        assertThat(c.value("OBJECT", "ENCODING", "l")).isEqualTo("quicklist");
        c.run("LTRIM", "l", "0", "1");
        assertThat(c.value("OBJECT", "ENCODING", "l")).isEqualTo("listpack");

        c.run("ZADD", "z", "1", "a");
        assertThat(c.value("OBJECT", "ENCODING", "z")).isEqualTo("listpack");
        for (int i = 0; i < 128; i++) {
            c.run("ZADD", "z", Integer.toString(i), "m" + i);
        }
        assertThat(c.value("OBJECT", "ENCODING", "z")).isEqualTo("skiplist");
        c.run("ZADD", "z2", "1", "m".repeat(65));
        assertThat(c.value("OBJECT", "ENCODING", "z2")).isEqualTo("skiplist");
    }
}

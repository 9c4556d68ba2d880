package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HSCAN/SSCAN/ZSCAN page hashtable/skiplist encodings by cursor with COUNT honoured
 * approximately, return small (listpack/intset) encodings whole, and keep SCAN's guarantee:
 * an element present for the whole iteration is returned at least once despite writes.
 */
class ScanPagingTest {
    private record Page(String cursor, List<String> elements) {}

    private static Page page(TestClient c, String... argv) {
        String[] lines = c.run(argv).split("\r\n");
        assertThat(lines[0]).isEqualTo("*2");
        int n = Integer.parseInt(lines[3].substring(1));
        List<String> els = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            els.add(lines[5 + 2 * i]);
        }
        return new Page(lines[2], els);
    }

    private static String add(String type, String key, String member) {
        return switch (type) {
            case "hscan" -> "HSET " + key + " " + member + " v";
            case "sscan" -> "SADD " + key + " " + member;
            default -> "ZADD " + key + " 1 " + member;
        };
    }

    private static String rem(String type) {
        return switch (type) {
            case "hscan" -> "HDEL";
            case "sscan" -> "SREM";
            default -> "ZREM";
        };
    }

    @Test
    void largeCollectionsArePagedAndEveryStableElementIsReturned() {
        for (String type : List.of("hscan", "sscan", "zscan")) {
            TestClient c = new TestClient();
            for (int i = 0; i < 1000; i++) {
                c.run(add(type, "k", "m" + i).split(" "));
            }
            SplittableRandom r = new SplittableRandom(5);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                if (i % 3 != 0) {
                    stable.add("m" + i); // multiples of 3 may be deleted during the scan
                }
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int pages = 0;
            int added = 0;
            do {
                Page p = page(c, type, "k", cursor, "COUNT", "20");
                int step = type.equals("sscan") ? 1 : 2;
                int returned = p.elements().size() / step;
                assertThat(returned).as(type + " page size").isBetween(0, 25);
                for (int i = 0; i < p.elements().size(); i += step) {
                    seen.add(p.elements().get(i));
                }
                cursor = p.cursor();
                pages++;
                // churn between pages: remove some unstable members, add new ones
                c.run(rem(type), "k", "m" + 3 * r.nextInt(334));
                c.run(add(type, "k", "new" + added++).split(" "));
            } while (!cursor.equals("0") && pages < 10_000);
            assertThat(cursor).isEqualTo("0");
            assertThat(pages).as(type + " pages").isGreaterThan(30);
            assertThat(seen).as(type).containsAll(stable);
        }
    }

    @Test
    void smallEncodingsComeWholeWithCursorZero() {
        TestClient c = new TestClient();
        for (int i = 0; i < 50; i++) {
            c.run("HSET", "h", "f" + i, "v");
            c.run("SADD", "s", String.valueOf(i));
            c.run("SADD", "l", "x" + i);
            c.run("ZADD", "z", String.valueOf(i), "m" + i);
        }
        assertThat(page(c, "HSCAN", "h", "0", "COUNT", "5")).isEqualTo(new Page("0", page(c, "HSCAN", "h", "77").elements()));
        assertThat(page(c, "HSCAN", "h", "0", "COUNT", "5").elements()).hasSize(100);
        assertThat(page(c, "SSCAN", "s", "12345", "COUNT", "5").elements()).hasSize(50);
        assertThat(page(c, "SSCAN", "l", "0", "COUNT", "5")).extracting(Page::cursor).isEqualTo("0");
        assertThat(page(c, "ZSCAN", "z", "3", "COUNT", "5").elements()).hasSize(100);
    }

    @Test
    void cursorsDependOnContentNotHistory() {
        TestClient a = new TestClient();
        TestClient b = new TestClient();
        for (int i = 0; i < 300; i++) {
            a.run("SADD", "s", "a" + i);
            b.run("SADD", "s", "a" + (299 - i));
        }
        String cursor = "0";
        do {
            Page pa = page(a, "SSCAN", "s", cursor);
            Page pb = page(b, "SSCAN", "s", cursor);
            assertThat(pa).isEqualTo(pb);
            cursor = pa.cursor();
        } while (!cursor.equals("0"));
    }
}

package io.redraft.store.rdb;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyspace as plain Java values, for comparisons: key (ISO-8859-1) → type, absolute expiry and
 * content. Content is a String (string), or a List in internal order: elements (list, set),
 * alternating field/value (hash), alternating member/Double score (zset).
 */
final class KeyspaceView {
    record Val(String type, long expireAt, List<Object> content) {
    }

    private KeyspaceView() {
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static Map<String, Val> of(Keyspace ks) {
        Map<String, Val> out = new TreeMap<>();
        ks.forEachEntry((k, v) -> out.put(str(k.array()), new Val(v.type().typeName(), v.expireAt(), content(v))));
        return out;
    }

    static List<Object> content(RedisObject v) {
        List<Object> c = new ArrayList<>();
        switch (v) {
            case StringValue s -> c.add(str(s.bytes()));
            case ListValue l -> {
                for (int i = 0; i < l.size(); i++) {
                    c.add(str(l.get(i)));
                }
            }
            case SetValue s -> {
                for (Bytes m : s.members()) {
                    c.add(str(m.array()));
                }
            }
            case HashValue h -> {
                for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                    c.add(str(e.getKey().array()));
                    c.add(str(e.getValue()));
                }
            }
            case ZSetValue z -> z.forEachInOrder((m, score) -> {
                c.add(str(m.array()));
                c.add(score);
            });
            default -> throw new IllegalStateException(v.type().toString());
        }
        return c;
    }

    /** Forgets the orders Redis leaves to its hash tables (sets and hashes sorted) and sorts zsets by score. */
    static Map<String, Val> unordered(Map<String, Val> view) {
        Map<String, Val> out = new TreeMap<>();
        view.forEach((k, v) -> {
            List<Object> c = new ArrayList<>(v.content());
            if (v.type().equals("set")) {
                c.sort(Comparator.comparing(Object::toString));
            } else if (v.type().equals("hash")) {
                List<List<Object>> pairs = new ArrayList<>();
                for (int i = 0; i < c.size(); i += 2) {
                    pairs.add(List.of(c.get(i), c.get(i + 1)));
                }
                pairs.sort(Comparator.comparing(p -> p.get(0).toString()));
                c.clear();
                pairs.forEach(c::addAll);
            } else if (v.type().equals("zset")) { // a model may list members in any order
                List<List<Object>> pairs = new ArrayList<>();
                for (int i = 0; i < c.size(); i += 2) {
                    pairs.add(List.of(c.get(i), c.get(i + 1)));
                }
                pairs.sort(Comparator.<List<Object>>comparingDouble(p -> (Double) p.get(1))
                        .thenComparing(p -> p.get(0).toString()));
                c.clear();
                pairs.forEach(c::addAll);
            }
            out.put(k, new Val(v.type(), v.expireAt(), c));
        });
        return out;
    }
    /** Fails naming the first few differing keys, with short descriptions (datasets are large). */
    static void assertSame(Map<String, Val> actual, Map<String, Val> expected) {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(actual.keySet());
        keys.addAll(expected.keySet());
        for (String k : keys) {
            Val a = actual.get(k);
            Val e = expected.get(k);
            if (java.util.Objects.equals(a, e)) {
                continue;
            }
            String what;
            if (a == null || e == null) {
                what = a == null ? "missing" : "unexpected";
            } else if (!a.type().equals(e.type())) {
                what = "type " + a.type() + " != " + e.type();
            } else if (a.expireAt() != e.expireAt()) {
                what = "expireAt " + a.expireAt() + " != " + e.expireAt();
            } else if (a.content().size() != e.content().size()) {
                what = a.type() + " size " + a.content().size() + " != " + e.content().size();
            } else {
                int i = 0;
                while (java.util.Objects.equals(a.content().get(i), e.content().get(i))) {
                    i++;
                }
                what = a.type() + " item " + i + ": " + cut(a.content().get(i)) + " != " + cut(e.content().get(i));
            }
            problems.add("key " + cut(k) + ": " + what);
            if (problems.size() == 5) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static String cut(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return "'" + b + (s.length() > 60 ? "...(" + s.length() + ")" : "") + "'";
    }
}

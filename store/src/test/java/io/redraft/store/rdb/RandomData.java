package io.redraft.store.rdb;

import io.redraft.resp.RawClient;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded random datasets of every type, sized to cross Redis's encodings: integer-encoded and
 * LZF-compressible strings, intsets above and below 512 members, listpacks above and below their
 * 128-entry / 64-byte thresholds, lists spanning several quicklist nodes, and binary data.
 */
final class RandomData {
    private final SplittableRandom rnd;

    RandomData(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** A dataset as a view (see {@link KeyspaceView}); expiries are {@code ttlBase} plus up to a day, or none. */
    Map<String, KeyspaceView.Val> dataset(int keys, long ttlBase, boolean allowNegativeZero) {
        Map<String, KeyspaceView.Val> out = new TreeMap<>();
        for (int i = 0; i < keys; i++) {
            String key = switch (rnd.nextInt(6)) {
                case 0 -> Long.toString(rnd.nextLong(-100_000, 100_000)); // int-encodable key
                case 1 -> KeyspaceView.str(randomBytes(1 + rnd.nextInt(20), true));
                default -> "key:" + i + ":" + rnd.nextInt(1000);
            };
            if (out.containsKey(key)) {
                continue;
            }
            long expireAt = rnd.nextInt(3) == 0 ? ttlBase + rnd.nextLong(86_400_000) : RedisObject.NO_EXPIRE;
            String type = List.of("string", "list", "set", "zset", "hash").get(rnd.nextInt(5));
            out.put(key, new KeyspaceView.Val(type, expireAt, content(type, allowNegativeZero)));
        }
        return out;
    }

    private List<Object> content(String type, boolean allowNegativeZero) {
        List<Object> c = new ArrayList<>();
        switch (type) {
            case "string" -> c.add(KeyspaceView.str(stringValue()));
            case "list" -> {
                int n = size();
                for (int i = 0; i < n; i++) {
                    c.add(KeyspaceView.str(element()));
                }
            }
            case "set" -> {
                boolean ints = rnd.nextBoolean();
                int n = rnd.nextInt(4) == 0 ? 513 + rnd.nextInt(200) : size();
                LinkedHashSet<String> members = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    members.add(ints ? Long.toString(intMember()) : KeyspaceView.str(element()));
                }
                c.addAll(members);
            }
            case "hash" -> {
                int n = size();
                Map<String, String> seen = new java.util.LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    seen.put(KeyspaceView.str(element()), KeyspaceView.str(element()));
                }
                seen.forEach((f, v) -> {
                    c.add(f);
                    c.add(v);
                });
            }
            case "zset" -> {
                int n = size();
                LinkedHashSet<String> members = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    members.add(KeyspaceView.str(element()));
                }
                for (String m : members) {
                    c.add(m);
                    c.add(score(allowNegativeZero));
                }
            }
            default -> throw new IllegalArgumentException(type);
        }
        return c;
    }

    private int size() {
        return switch (rnd.nextInt(5)) {
            case 0 -> 129 + rnd.nextInt(600); // past every listpack entry limit
            case 1 -> 1;
            default -> 1 + rnd.nextInt(40);
        };
    }

    private long intMember() {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextLong(-40_000, 40_000);
            case 1 -> rnd.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 2 -> rnd.nextLong();
            default -> rnd.nextInt(100);
        };
    }

    private double score(boolean allowNegativeZero) {
        return switch (rnd.nextInt(9)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> allowNegativeZero ? -0.0 : 0.0;
            case 3 -> rnd.nextInt(-1000, 1000);
            case 4 -> rnd.nextDouble() * 1e300;
            case 5 -> rnd.nextDouble() * 1e-300;
            default -> (rnd.nextDouble() - 0.5) * 1e6;
        };
    }

    private byte[] stringValue() {
        return switch (rnd.nextInt(9)) {
            case 0 -> Resp.bytes(List.of("0", "-1", "127", "-128", "128", "32767", "-32768", "32768", "2147483647",
                    "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "007", "-0", "+5",
                    "1e3", "").get(rnd.nextInt(18)));
            case 1 -> Resp.bytes(Long.toString(intMember()));
            case 2 -> compressible(2_000 + rnd.nextInt(60_000));
            case 3 -> randomBytes(1_000 + rnd.nextInt(5_000), true);
            default -> element();
        };
    }

    private byte[] element() {
        return switch (rnd.nextInt(10)) {
            case 0 -> Resp.bytes(Long.toString(intMember()));
            case 1 -> randomBytes(rnd.nextInt(12), true);
            case 2 -> compressible(65 + rnd.nextInt(300)); // past the 64-byte listpack value limit
            case 3 -> rnd.nextInt(20) == 0 ? compressible(5_000 + rnd.nextInt(10_000)) : randomBytes(1 + rnd.nextInt(60), false);
            default -> Resp.bytes("v" + rnd.nextInt(100_000));
        };
    }

    private byte[] compressible(int n) {
        byte[] unit = Resp.bytes("redraft-" + rnd.nextInt(1000) + "-");
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextInt(50) == 0 ? (byte) rnd.nextInt(256) : unit[i % unit.length];
        }
        return b;
    }

    private byte[] randomBytes(int n, boolean binary) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (binary ? rnd.nextInt(256) : 'a' + rnd.nextInt(26));
        }
        return b;
    }

    /** Builds a keyspace holding {@code view} (through the value classes' public methods). */
    static Keyspace toKeyspace(Map<String, KeyspaceView.Val> view) {
        Keyspace ks = new Keyspace();
        view.forEach((k, v) -> {
            List<Object> c = v.content();
            RedisObject o = switch (v.type()) {
                case "string" -> new StringValue(Resp.bytes((String) c.get(0)));
                case "list" -> {
                    ListValue l = new ListValue();
                    c.forEach(e -> l.pushTail(Resp.bytes((String) e)));
                    yield l;
                }
                case "set" -> {
                    SetValue s = new SetValue();
                    c.forEach(e -> s.add(Bytes.wrap(Resp.bytes((String) e))));
                    yield s;
                }
                case "hash" -> {
                    HashValue h = new HashValue();
                    for (int i = 0; i < c.size(); i += 2) {
                        h.put(Bytes.wrap(Resp.bytes((String) c.get(i))), Resp.bytes((String) c.get(i + 1)));
                    }
                    yield h;
                }
                case "zset" -> {
                    ZSetValue z = new ZSetValue();
                    for (int i = 0; i < c.size(); i += 2) {
                        z.put(Bytes.wrap(Resp.bytes((String) c.get(i))), (Double) c.get(i + 1));
                    }
                    yield z;
                }
                default -> throw new IllegalArgumentException(v.type());
            };
            ks.put(Bytes.wrap(Resp.bytes(k)), o);
            if (v.expireAt() != RedisObject.NO_EXPIRE) {
                ks.setExpire(Bytes.wrap(Resp.bytes(k)), o, v.expireAt());
            }
        });
        return ks;
    }

    /** Loads {@code view} into a Redis server with pipelined commands. */
    static void toRedis(Map<String, KeyspaceView.Val> view, RawClient r) throws IOException {
        for (Map.Entry<String, KeyspaceView.Val> e : view.entrySet()) {
            byte[] key = Resp.bytes(e.getKey());
            List<Object> c = e.getValue().content();
            String type = e.getValue().type();
            if (type.equals("string")) {
                r.queue(List.of(Resp.bytes("SET"), key, Resp.bytes((String) c.get(0))));
            } else {
                int step = type.equals("hash") || type.equals("zset") ? 2 : 1;
                String cmd = switch (type) {
                    case "list" -> "RPUSH";
                    case "set" -> "SADD";
                    case "hash" -> "HSET";
                    default -> "ZADD";
                };
                for (int from = 0; from < c.size(); from += 200 * step) {
                    List<byte[]> argv = new ArrayList<>();
                    argv.add(Resp.bytes(cmd));
                    argv.add(key);
                    for (int i = from; i < Math.min(c.size(), from + 200 * step); i += step) {
                        if (type.equals("zset")) {
                            argv.add(Resp.bytes(scoreText((Double) c.get(i + 1))));
                            argv.add(Resp.bytes((String) c.get(i)));
                        } else {
                            argv.add(Resp.bytes((String) c.get(i)));
                            if (step == 2) {
                                argv.add(Resp.bytes((String) c.get(i + 1)));
                            }
                        }
                    }
                    r.queue(argv);
                }
            }
            if (e.getValue().expireAt() != RedisObject.NO_EXPIRE) {
                r.queue(List.of(Resp.bytes("PEXPIREAT"), key, Resp.bytes(Long.toString(e.getValue().expireAt()))));
            }
        }
        Resp.drain(r);
    }

    static String scoreText(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "+inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return Double.toString(d);
    }

    static double parseScore(String s) {
        return switch (s) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Reads the whole dataset of a Redis server back as a view. */
    @SuppressWarnings("unchecked")
    static Map<String, KeyspaceView.Val> fromRedis(RawClient r) throws IOException {
        Map<String, KeyspaceView.Val> out = new TreeMap<>();
        for (Object k : (List<Object>) Resp.call(r, "KEYS", "*")) {
            String key = (String) k;
            String type = (String) Resp.call(r, "TYPE", key);
            long pexpireAt = (Long) Resp.call(r, "PEXPIRETIME", key);
            List<Object> c = new ArrayList<>();
            switch (type) {
                case "string" -> c.add(Resp.call(r, "GET", key));
                case "list" -> c.addAll((List<Object>) Resp.call(r, "LRANGE", key, "0", "-1"));
                case "set" -> c.addAll((List<Object>) Resp.call(r, "SMEMBERS", key));
                case "hash" -> c.addAll((List<Object>) Resp.call(r, "HGETALL", key));
                case "zset" -> {
                    List<Object> flat = (List<Object>) Resp.call(r, "ZRANGE", key, "0", "-1", "WITHSCORES");
                    for (int i = 0; i < flat.size(); i += 2) {
                        c.add(flat.get(i));
                        c.add(parseScore((String) flat.get(i + 1)));
                    }
                }
                default -> throw new IllegalStateException("unexpected type " + type);
            }
            out.put(key, new KeyspaceView.Val(type, pexpireAt < 0 ? RedisObject.NO_EXPIRE : pexpireAt, c));
        }
        return out;
    }
}

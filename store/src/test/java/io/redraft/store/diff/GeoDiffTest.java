package io.redraft.store.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GEO commands against redis-server, byte for byte in RESP2 and RESP3: coordinates as Redis
 * prints them, distances with four decimals, radius and box searches at the poles, across the
 * antimeridian, with zero and huge radii, and every error text.
 */
class GeoDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    /** Words separated by spaces; "double quotes" hold spaces or nothing. */
    static List<byte[]> argv(String line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
            } else if (line.charAt(i) == '"') {
                int end = line.indexOf('"', i + 1);
                out.add(line.substring(i + 1, end).getBytes(StandardCharsets.ISO_8859_1));
                i = end + 1;
            } else {
                int end = line.indexOf(' ', i);
                end = end < 0 ? line.length() : end;
                out.add(line.substring(i, end).getBytes(StandardCharsets.ISO_8859_1));
                i = end;
            }
        }
        return out;
    }

    private static final String[] SCRIPT = {
            "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
            "GEOADD Sicily NX 13.361389 38.115556 Palermo 12 37 Marsala",
            "GEOADD Sicily XX CH 13.5 38.2 Palermo 10 10 Nowhere",
            "GEOADD Sicily CH 13.361389 38.115556 Palermo",
            "GEOADD Sicily NX XX 1 1 a",
            "GEOADD Sicily 1 1",
            "GEOADD Sicily 200 10 bad",
            "GEOADD Sicily 10 86 bad",
            "GEOADD Sicily -180.5 -86 bad",
            "GEOADD Sicily abc 10 bad",
            "GEOADD Sicily 10 inf bad",
            "GEOADD Sicily GT 1 1 a",
            "GEOADD nokey XX 1 1 a",
            "EXISTS nokey",
            "SET str x",
            "GEOADD str 1 1 a",
            "GEOADD str 1 1000 a",
            "GEODIST str a b",
            "GEOPOS str a",
            "GEOHASH str a",
            "GEORADIUS str 1 1 1 km",
            "GEOSEARCH str FROMLONLAT 1 1 BYRADIUS 1 km",
            "GEODIST Sicily Palermo Catania",
            "GEODIST Sicily Palermo Catania km",
            "GEODIST Sicily Palermo Catania MI",
            "GEODIST Sicily Palermo Catania ft",
            "GEODIST Sicily Palermo Catania parsecs",
            "GEODIST Sicily Palermo Catania km extra",
            "GEODIST Sicily Palermo nobody",
            "GEODIST nokey a b",
            "GEODIST Sicily Palermo Palermo",
            "GEOPOS Sicily Palermo Catania nobody Marsala",
            "GEOPOS nokey a b",
            "GEOHASH Sicily Palermo Catania nobody",
            "GEOHASH nokey a",
            "ZRANGE Sicily 0 -1 WITHSCORES",
            "GEOADD edges 180 85.05112878 ne 180 -85.05112878 se -180 85.05112878 nw -180 -85.05112878 sw 0 0 origin",
            "GEOADD edges 179.9999 0.5 east -179.9999 0.5 west 0 85 northpole 90 85 northpole2 0 -85 southpole 45 -84.9 southpole2",
            "GEOPOS edges ne se nw sw origin east west",
            "GEOHASH edges ne se nw sw origin east west",
            "ZRANGE edges 0 -1 WITHSCORES",
            "GEODIST edges east west km",
            "GEODIST edges ne nw",
            "GEODIST edges northpole northpole2 km",
            "GEODIST edges origin ne mi",
            "GEORADIUS edges 180 0.5 50 km WITHDIST WITHCOORD ASC",
            "GEORADIUS edges -180 0.5 50 km WITHDIST WITHCOORD DESC",
            "GEORADIUS edges 179.99 0.5 5 km WITHDIST",
            "GEORADIUSBYMEMBER edges east 100 km WITHDIST WITHHASH",
            "GEORADIUSBYMEMBER edges northpole 1000 km WITHDIST ASC",
            "GEORADIUSBYMEMBER edges northpole 5000 km WITHDIST WITHCOORD ASC",
            "GEORADIUSBYMEMBER edges southpole 800 km WITHDIST ASC",
            "GEORADIUS edges 0 85.05 200 km WITHDIST ASC",
            "GEORADIUS edges 0 0 0 m WITHDIST",
            "GEORADIUS edges 0 0 0 km",
            "GEORADIUS edges 0 0 20000 km ASC",
            "GEORADIUS edges 0 0 20000 km WITHDIST ASC",
            "GEORADIUS edges 0 0 10000 km WITHDIST",
            "GEORADIUS edges 0 0 100000 km",
            "GEORADIUS edges 0 0 20000 km COUNT 3",
            "GEORADIUS edges 0 0 20000 km COUNT 3 DESC",
            "GEORADIUS edges 0 0 20000 km COUNT 2 ANY",
            "GEORADIUS edges 0 0 20000 km ANY",
            "GEORADIUS edges 0 0 20000 km COUNT 0",
            "GEORADIUS edges 0 0 20000 km COUNT -3",
            "GEORADIUS edges 0 0 20000 km COUNT x",
            "GEORADIUS edges 0 0 -1 km",
            "GEORADIUS edges 0 0 x km",
            "GEORADIUS edges 0 0 1 parsecs",
            "GEORADIUS edges 0 0 1 km BOGUS",
            "GEORADIUS edges 0 0 1 km STORE",
            "GEORADIUS edges 0 0 20000 km STORE dst WITHDIST",
            "GEORADIUS edges 0 0 20000 km STORE dst",
            "ZRANGE dst 0 -1 WITHSCORES",
            "GEORADIUS edges 0 0 20000 km STOREDIST dst COUNT 4",
            "ZRANGE dst 0 -1 WITHSCORES",
            "OBJECT ENCODING dst",
            "GEORADIUS edges 0 0 1 m STORE dst",
            "EXISTS dst",
            "GEORADIUS_RO edges 0 0 1 km STORE dst",
            "GEORADIUS_RO edges 0 0 20000 km WITHCOORD",
            "GEORADIUSBYMEMBER edges nobody 1 km",
            "GEORADIUSBYMEMBER_RO edges origin 20000 km WITHDIST COUNT 2",
            "GEORADIUSBYMEMBER_RO edges origin 20000 km STOREDIST dst",
            "GEORADIUS nokey 0 0 1 km",
            "GEORADIUS nokey 0 0 1 km WITHDIST",
            "GEORADIUS nokey 0 0 -1 km",
            "GEORADIUS nokey 200 0 1 km",
            "SET dst2 x",
            "GEORADIUS nokey 0 0 1 km STORE dst2",
            "EXISTS dst2",
            "GEORADIUSBYMEMBER nokey a 1 km",
            "GEORADIUSBYMEMBER nokey a 1 km WITHDIST",
            "GEORADIUSBYMEMBER nokey a -1 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST WITHHASH",
            "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 200 100 km DESC WITHDIST",
            "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km DESC WITHDIST",
            "GEOSEARCH Sicily FROMMEMBER nobody BYRADIUS 200 km",
            "GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 1 1 BYRADIUS 200 km",
            "GEOSEARCH Sicily FROMLONLAT 1 1 FROMMEMBER Palermo BYRADIUS 200 km",
            "GEOSEARCH Sicily BYRADIUS 200 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 COUNT 1",
            "geosearch Sicily FROMLONLAT 15 37 ASC ASC",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 y km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 yards",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE dst",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY COUNT 1",
            "GEOSEARCH nokey FROMMEMBER x BYRADIUS 200 km",
            "GEOSEARCH nokey FROMLONLAT 0 0 BYBOX 1 1 km WITHDIST",
            "GEOSEARCH nokey FROMLONLAT 0 0",
            "GEOSEARCH edges FROMLONLAT 180 0 BYBOX 300 300 km WITHDIST ASC",
            "GEOSEARCH edges FROMLONLAT 0 85 BYBOX 20000 500 km WITHDIST ASC",
            "GEOSEARCH edges FROMLONLAT 0 -85 BYBOX 5000 5000 km WITHDIST ASC",
            "GEOSEARCH edges FROMLONLAT 0 0 BYBOX 0 0 m WITHDIST",
            "GEOSEARCH edges FROMLONLAT 0 0 BYBOX 40000 40000 km WITHDIST ASC",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km",
            "ZRANGE dst 0 -1 WITHSCORES",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 2 DESC",
            "ZRANGE dst 0 -1 WITHSCORES",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE x",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km",
            "EXISTS dst",
            "GEOSEARCHSTORE dst nokey FROMLONLAT 0 0 BYRADIUS 1 km",
            "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37",
            "GEOADD Sicily -0 -0 zero 0x10 0x1p3 hex",
            "GEOPOS Sicily zero hex",
            "GEOADD Sicily 1e-400 0 tiny",
            "GEOADD Sicily \" 1\" 0 spaced",
            "GEOADD Sicily 180.0000001 0 over",
            "GEORADIUS Sicily 15 37 inf km WITHDIST",
            "GEORADIUS Sicily 15 37 1e308 km ASC",
            "GEORADIUS Sicily 15 37 nan km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX inf 1 km",
            "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1e308 1e308 m ASC",
            "GEODIST Sicily zero hex FT",
            "ZADD weird -5 neg 1e20 big 4503599627370496 top",
            "GEOPOS weird neg big top",
            "GEOHASH weird neg big top",
            "GEODIST weird neg top",
    };

    @Test
    void scriptedCommandsMatchRedis() throws Exception {
        try (Harness h = new Harness(redis.port(), 7)) {
            h.random = false;
            for (int proto : new int[]{2, 3}) {
                h.run(argv("FLUSHALL"), proto);
                for (String line : SCRIPT) {
                    h.run(argv(line), proto);
                }
            }
            assertThat(h.mismatches).isEmpty();
        }
    }

    /** Random points and searches anywhere on the globe, poles and antimeridian included. */
    @Test
    void randomSearchesMatchRedis() throws Exception {
        SplittableRandom r = new SplittableRandom(Long.getLong("redraft.diff.seed", 2026L));
        try (Harness h = new Harness(redis.port(), 11)) {
            h.random = false;
            h.run(argv("FLUSHALL"), 2);
            String[] units = {"m", "km", "mi", "ft"};
            for (int round = 0; round < 3000 && h.mismatches.size() < 10; round++) {
                int proto = r.nextBoolean() ? 2 : 3;
                String key = "g" + r.nextInt(3);
                int kind = r.nextInt(13);
                if (kind < 4) {
                    StringBuilder sb = new StringBuilder("GEOADD " + key);
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        double[] p = point(r);
                        sb.append(' ').append(p[0]).append(' ').append(p[1]).append(" m").append(r.nextInt(300));
                    }
                    h.run(argv(sb.toString()), proto);
                    continue;
                }
                double[] c = point(r);
                String unit = units[r.nextInt(units.length)];
                double size = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> r.nextDouble() * 100;
                    case 2 -> r.nextDouble() * 5_000;
                    default -> r.nextDouble() * 40_000_000;
                };
                String opts = (r.nextBoolean() ? " WITHDIST" : "") + (r.nextBoolean() ? " WITHCOORD" : "")
                        + (r.nextInt(4) == 0 ? " WITHHASH" : "") + (r.nextInt(3) == 0 ? " ASC" : r.nextInt(2) == 0 ? " DESC" : "")
                        + (r.nextInt(4) == 0 ? " COUNT " + (1 + r.nextInt(5)) : "");
                String cmd = switch (kind) {
                    case 4, 5 -> "GEORADIUS_RO " + key + " " + c[0] + " " + c[1] + " " + size + " " + unit + opts;
                    case 6 -> "GEORADIUSBYMEMBER_RO " + key + " m" + r.nextInt(300) + " " + size + " " + unit + opts;
                    case 7 -> "GEOSEARCH " + key + " FROMLONLAT " + c[0] + " " + c[1] + " BYBOX " + size + " "
                            + (r.nextDouble() * size * 2) + " " + unit + opts;
                    case 8 -> "GEODIST " + key + " m" + r.nextInt(300) + " m" + r.nextInt(300) + " " + unit;
                    case 10 -> "GEOSEARCH " + key + " FROMMEMBER m" + r.nextInt(300) + " BYRADIUS " + size + " " + unit + opts;
                    case 11 -> "GEORADIUS " + key + " " + c[0] + " " + c[1] + " " + size + " " + unit
                            + (r.nextBoolean() ? " STORE" : " STOREDIST") + " dst" + opts.replaceAll(" WITH[A-Z]+", "");
                    // Members only: a STOREDIST score prints 17 digits, where our trigonometry
                    // (StrictMath) and glibc's may differ in the last bit (docs/store.md).
                    case 12 -> "ZRANGE dst 0 -1";
                    default -> "GEOPOS " + key + " m" + r.nextInt(300) + " m" + r.nextInt(300);
                };
                h.run(argv(cmd), proto);
            }
            assertThat(h.mismatches).isEmpty();
        }
    }

    /** Anywhere, with a bias towards the poles, the antimeridian and the range limits. */
    private static double[] point(SplittableRandom r) {
        double lon = switch (r.nextInt(5)) {
            case 0 -> 180 - r.nextDouble() * 2;
            case 1 -> -180 + r.nextDouble() * 2;
            case 2 -> r.nextBoolean() ? 180 : -180;
            default -> r.nextDouble() * 360 - 180;
        };
        double lat = switch (r.nextInt(5)) {
            case 0 -> 85.05112878 - r.nextDouble() * 6;
            case 1 -> -85.05112878 + r.nextDouble() * 6;
            case 2 -> r.nextBoolean() ? 85.05112878 : -85.05112878;
            default -> r.nextDouble() * 170.1 - 85.05;
        };
        return new double[]{lon, lat};
    }
}

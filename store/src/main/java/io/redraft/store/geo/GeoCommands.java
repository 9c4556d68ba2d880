package io.redraft.store.geo;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.zset.ZSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GEO commands (Redis's geo.c): positions live in sorted sets, each member's score being its
 * 52-bit geohash, so every zset command works on them too.
 */
public final class GeoCommands {
    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    private GeoCommands() {
    }

    public static void register(CommandTable t) {
        t.add("geoadd", -5, "write denyoom", 1, 1, 1, GeoCommands::geoadd);
        t.add("geodist", -4, "readonly", 1, 1, 1, GeoCommands::geodist);
        t.add("geohash", -2, "readonly", 1, 1, 1, GeoCommands::geohash);
        t.add("geopos", -2, "readonly", 1, 1, 1, GeoCommands::geopos);
        t.add("georadius", -6, "write denyoom movablekeys", 1, 1, 1, a -> GeoSearch.storeKeys(a, 6),
                c -> GeoSearch.run(c, 1, GeoSearch.COORDS));
        t.add("georadius_ro", -6, "readonly", 1, 1, 1, c -> GeoSearch.run(c, 1, GeoSearch.COORDS | GeoSearch.NOSTORE));
        t.add("georadiusbymember", -5, "write denyoom movablekeys", 1, 1, 1, a -> GeoSearch.storeKeys(a, 5),
                c -> GeoSearch.run(c, 1, GeoSearch.MEMBER));
        t.add("georadiusbymember_ro", -5, "readonly", 1, 1, 1,
                c -> GeoSearch.run(c, 1, GeoSearch.MEMBER | GeoSearch.NOSTORE));
        t.add("geosearch", -7, "readonly", 1, 1, 1, c -> GeoSearch.run(c, 1, GeoSearch.SEARCH));
        t.add("geosearchstore", -8, "write denyoom", 1, 2, 1,
                c -> GeoSearch.run(c, 2, GeoSearch.SEARCH | GeoSearch.SEARCHSTORE));
    }

    /** {longitude, latitude} from two arguments, checked against the Mercator limits. */
    static double[] lonLat(Call c, int i) {
        double lon = c.doubleArg(i);
        double lat = c.doubleArg(i + 1);
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new CommandError("ERR invalid longitude,latitude pair " + fixed(lon, 6) + "," + fixed(lat, 6));
        }
        return new double[]{lon, lat};
    }

    /** Meters per unit: m, km, ft, mi. */
    static double unit(Call c, int i) {
        if (c.argIs(i, "m")) {
            return 1;
        } else if (c.argIs(i, "km")) {
            return 1000;
        } else if (c.argIs(i, "ft")) {
            return 0.3048;
        } else if (c.argIs(i, "mi")) {
            return 1609.34;
        }
        throw new CommandError("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    /** A double argument with Redis's custom error text. */
    static double number(Call c, int i, String msg) {
        Double d = Nums.parseDoubleOr(c.arg(i));
        if (d == null) {
            throw new CommandError("ERR " + msg);
        }
        return d;
    }

    static ZSetValue read(Call c, int i) {
        return c.ks().get(c.key(i), c.now(), ZSetValue.class);
    }

    /** GEOADD key [NX|XX] [CH] lon lat member ...: ZADD with geohash scores. */
    static void geoadd(Call c) {
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        int at = 2;
        for (; at < c.argc(); at++) {
            if (c.argIs(at, "nx")) {
                nx = true;
            } else if (c.argIs(at, "xx")) {
                xx = true;
            } else if (c.argIs(at, "ch")) {
                ch = true;
            } else {
                break;
            }
        }
        int elements = (c.argc() - at) / 3;
        if ((c.argc() - at) % 3 != 0 || (xx && nx) || elements == 0) {
            throw Errors.syntax();
        }
        long[] scores = new long[elements];
        long maxLen = 0;
        for (int e = 0; e < elements; e++) {
            double[] xy = lonLat(c, at + e * 3);
            scores[e] = GeoHash.score(xy[0], xy[1]);
            maxLen = Math.max(maxLen, c.arg(at + e * 3 + 2).length);
        }
        ZSetValue z = c.ks().getForWrite(c.key(1), c.now(), ZSetValue.class);
        long added = 0;
        long changed = 0;
        if (z == null) {
            if (xx) {
                c.out().integer(0);
                return;
            }
            z = ZSetValue.create(elements, maxLen);
            c.ks().put(c.key(1), z);
        }
        for (int e = 0; e < elements; e++) {
            Bytes member = c.key(at + e * 3 + 2);
            Double cur = z.score(member);
            if (cur != null) {
                if (!nx && cur != scores[e]) {
                    z.put(member, scores[e]);
                    changed++;
                }
            } else if (!xx) {
                z.put(member, scores[e]);
                added++;
            }
        }
        if (added + changed > 0) { // Redis runs GEOADD as a ZADD
            c.notify(NotifyFlags.ZSET, "zadd", c.key(1));
            c.ks().signalReady(c.key(1));
        }
        c.out().integer(ch ? added + changed : added);
    }

    /** GEODIST key m1 m2 [unit]. */
    static void geodist(Call c) {
        double toMeter = 1;
        if (c.argc() == 5) {
            toMeter = unit(c, 4);
        } else if (c.argc() > 5) {
            throw Errors.syntax();
        }
        ZSetValue z = read(c, 1);
        Double s1 = z == null ? null : z.score(c.key(2));
        Double s2 = z == null ? null : z.score(c.key(3));
        if (s1 == null || s2 == null) {
            c.out().nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        c.out().bulk(ascii(fixed(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter, 4)));
    }

    /** GEOHASH key member...: the standard 11-character geohash of each position. */
    static void geohash(Call c) {
        ZSetValue z = read(c, 1);
        ReplySink out = c.out();
        out.arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            Double score = z == null ? null : z.score(c.key(i));
            if (score == null) {
                out.nullBulk();
                continue;
            }
            // Our cells span the Mercator latitudes; a standard geohash spans -90..90, so the
            // position is decoded and encoded again over the standard ranges.
            double[] xy = GeoHash.decodeScore(score);
            GeoHash.Bits h = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
            long bits = h == null ? 0 : h.bits();
            byte[] buf = new byte[11];
            for (int k = 0; k < 11; k++) {
                // 52 bits give ten characters; the eleventh stands for zero bits, as Redis prints it.
                int idx = k == 10 ? 0 : (int) ((bits >>> (52 - ((k + 1) * 5))) & 0x1f);
                buf[k] = (byte) ALPHABET.charAt(idx);
            }
            out.bulk(buf);
        }
    }

    /** GEOPOS key member...: [longitude, latitude] or null per member. */
    static void geopos(Call c) {
        ZSetValue z = read(c, 1);
        ReplySink out = c.out();
        out.arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            Double score = z == null ? null : z.score(c.key(i));
            if (score == null) {
                out.nullArray();
                continue;
            }
            double[] xy = GeoHash.decodeScore(score);
            out.arrayHeader(2);
            out.doubleText(human(xy[0]));
            out.doubleText(human(xy[1]));
        }
    }

    /** C's "%.Nf" of a double (exact binary value, rounded half-even). */
    static String fixed(double d, int decimals) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0)) {
            if (!s.startsWith("-")) {
                s = "-" + s; // C keeps the sign of a negative value that rounds to zero
            }
        }
        return s;
    }

    /** Redis's addReplyHumanLongDouble text: "%.17Lf" without trailing zeros. */
    static String human(double d) {
        return io.redraft.store.string.LongDouble.human(fixed(d, 17));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static List<Integer> keys(int... positions) {
        List<Integer> out = new ArrayList<>();
        for (int p : positions) {
            out.add(p);
        }
        return out;
    }
}

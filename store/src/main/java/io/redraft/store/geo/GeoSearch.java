package io.redraft.store.geo;

import io.redraft.store.notify.NotifyFlags;
import io.redraft.resp.ReplySink;
import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.PartialSort;
import io.redraft.store.zset.ZSetValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms), GEOSEARCH and GEOSEARCHSTORE: one
 * parser and one search, as Redis's georadiusGeneric. The search scans the centre's geohash
 * cell and its eight neighbours at a precision chosen from the radius, keeps the members
 * inside the shape, and sorts by distance when asked (or when COUNT is given without ANY).
 */
final class GeoSearch {
    static final int COORDS = 1;
    static final int MEMBER = 2;
    static final int NOSTORE = 4;
    static final int SEARCH = 8;
    static final int SEARCHSTORE = 16;

    private GeoSearch() {
    }

    /** One match: the member, its score, position and distance from the centre in meters. */
    private record Point(Bytes member, double score, double lon, double lat, double dist) {
    }

    /** Key positions of GEORADIUS(BYMEMBER): the source and every STORE/STOREDIST target. */
    static List<Integer> storeKeys(List<byte[]> argv, int from) {
        List<Integer> out = GeoCommands.keys(1);
        for (int i = from; i + 1 < argv.size(); i++) {
            String a = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (a.equals("store") || a.equals("storedist")) {
                out.add(++i);
            }
        }
        return out;
    }

    static void run(Call c, int srcIdx, int flags) {
        ZSetValue z = c.ks().get(c.key(srcIdx), c.now(), ZSetValue.class);
        Bytes storeKey = null;
        boolean storeDist = false;
        int base;
        double lon = 0;
        double lat = 0;
        double radius = 0;
        double width = 0;
        double height = 0;
        double conversion = 1;
        boolean box = false;
        if ((flags & COORDS) != 0) {
            base = 6;
            double[] xy = GeoCommands.lonLat(c, 2);
            lon = xy[0];
            lat = xy[1];
            radius = radius(c, 4);
            conversion = GeoCommands.unit(c, 5);
        } else if ((flags & MEMBER) != 0) {
            base = 5;
            if (z != null) { // a missing key answers empty once the options parse, radius unchecked
                double[] xy = memberPosition(c, z, 2);
                lon = xy[0];
                lat = xy[1];
                radius = radius(c, 3);
                conversion = GeoCommands.unit(c, 4);
            }
        } else {
            base = (flags & SEARCHSTORE) != 0 ? 3 : 2;
            if ((flags & SEARCHSTORE) != 0) {
                storeKey = c.key(1);
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 0 none, 1 asc, -1 desc
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        int remaining = c.argc() - base;
        for (int i = 0; i < remaining; i++) {
            int at = base + i;
            if (c.argIs(at, "withdist")) {
                withDist = true;
            } else if (c.argIs(at, "withhash")) {
                withHash = true;
            } else if (c.argIs(at, "withcoord")) {
                withCoord = true;
            } else if (c.argIs(at, "any")) {
                any = true;
            } else if (c.argIs(at, "asc")) {
                sort = 1;
            } else if (c.argIs(at, "desc")) {
                sort = -1;
            } else if (c.argIs(at, "count") && i + 1 < remaining) {
                count = c.longArg(at + 1);
                if (count <= 0) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
                i++;
            } else if ((c.argIs(at, "store") || c.argIs(at, "storedist")) && i + 1 < remaining
                    && (flags & NOSTORE) == 0 && !search) {
                storeKey = c.key(at + 1);
                storeDist = c.argIs(at, "storedist");
                i++;
            } else if (c.argIs(at, "storedist") && search && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (c.argIs(at, "frommember") && i + 1 < remaining && search && !fromLoc) {
                if (z != null) {
                    double[] xy = memberPosition(c, z, at + 1);
                    lon = xy[0];
                    lat = xy[1];
                }
                fromMember = true;
                i++;
            } else if (c.argIs(at, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = GeoCommands.lonLat(c, at + 1);
                lon = xy[0];
                lat = xy[1];
                fromLoc = true;
                i += 2;
            } else if (c.argIs(at, "byradius") && i + 2 < remaining && search && !byBox) {
                radius = radius(c, at + 1);
                conversion = GeoCommands.unit(c, at + 2);
                box = false;
                byRadius = true;
                i += 2;
            } else if (c.argIs(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                width = GeoCommands.number(c, at + 1, "need numeric width");
                height = GeoCommands.number(c, at + 2, "need numeric height");
                if (height < 0 || width < 0) {
                    throw new CommandError("ERR height or width cannot be negative");
                }
                conversion = GeoCommands.unit(c, at + 3);
                box = true;
                byBox = true;
                i += 3;
            } else {
                throw Errors.syntax();
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw new CommandError("ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        String typed = io.redraft.store.CommandTable.cString(c.arg(0));
        if (search && !(fromMember || fromLoc)) {
            throw new CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + typed);
        }
        if (search && !(byRadius || byBox)) {
            throw new CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + typed);
        }
        if (any && count == 0) {
            throw new CommandError("ERR the ANY argument requires COUNT argument");
        }
        ReplySink out = c.out();
        if (z == null) {
            if (storeKey != null) {
                c.ks().getForWrite(storeKey, c.now());
                if (c.ks().remove(storeKey)) {
                    c.notify(NotifyFlags.GENERIC, "del", storeKey);
                }
                out.integer(0);
            } else {
                out.arrayHeader(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1; // the nearest N need an order
        }
        GeoShape shape = box ? GeoShape.box(lon, lat, width, height, conversion)
                : GeoShape.circle(lon, lat, radius, conversion);
        List<Point> found = collect(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            out.arrayHeader(0);
            return;
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (sort != 0) {
            Comparator<Point> asc = (a, b) -> a.dist() > b.dist() ? 1 : a.dist() == b.dist() ? 0 : -1;
            Comparator<Point> cmp = sort > 0 ? asc : asc.reversed();
            if (returned == found.size()) {
                found.sort(cmp); // glibc's qsort is a merge sort: stable, as List.sort
            } else {
                PartialSort.sort(found, cmp, 0, returned - 1);
            }
        }
        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withCoord ? 1 : 0) + (withHash ? 1 : 0);
            out.arrayHeader(returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                if (options > 0) {
                    out.arrayHeader(options + 1);
                }
                out.bulk(p.member().array());
                if (withDist) {
                    out.bulk(GeoCommands.ascii(GeoCommands.fixed(p.dist() / conversion, 4)));
                }
                if (withHash) {
                    out.integer((long) p.score());
                }
                if (withCoord) {
                    out.arrayHeader(2);
                    out.doubleText(GeoCommands.human(p.lon()));
                    out.doubleText(GeoCommands.human(p.lat()));
                }
            }
            return;
        }
        c.ks().getForWrite(storeKey, c.now());
        if (returned == 0 && c.ks().remove(storeKey)) {
            c.notify(NotifyFlags.GENERIC, "del", storeKey);
        }
        if (returned > 0) {
            long maxLen = 0;
            for (int i = 0; i < returned; i++) {
                maxLen = Math.max(maxLen, found.get(i).member().length());
            }
            ZSetValue dst = ZSetValue.create(returned, maxLen);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                dst.put(p.member(), storeDist ? p.dist() / conversion : p.score());
            }
            c.ks().put(storeKey, dst); // replaces, expiry included, as Redis's setKey
            c.notify(NotifyFlags.ZSET, (flags & SEARCH) != 0 ? "geosearchstore" : "georadiusstore", storeKey);
        }
        out.integer(returned);
    }

    private static double radius(Call c, int i) {
        double r = GeoCommands.number(c, i, "need numeric radius");
        if (r < 0) {
            throw new CommandError("ERR radius cannot be negative");
        }
        return r;
    }

    private static double[] memberPosition(Call c, ZSetValue z, int i) {
        Double score = z == null ? null : z.score(c.key(i));
        if (score == null) {
            throw new CommandError("ERR could not decode requested zset member");
        }
        return GeoHash.decodeScore(score);
    }

    /**
     * Members inside the shape, cell by cell in Redis's order; with a limit (ANY) the scan stops
     * once that many are found. A cell equal to the one scanned just before is skipped (huge
     * radii make neighbours coincide), except the first neighbour, which Redis never compares.
     */
    private static List<Point> collect(ZSetValue z, GeoShape shape, long limit) {
        GeoHash.Bits[] cells = GeoHash.searchCells(shape);
        List<Point> found = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Bits cell = cells[i];
            if (cell.isZero()) {
                continue;
            }
            if (last != 0 && cell.equals(cells[last])) {
                continue;
            }
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
                break;
            }
            long min = cell.align52();
            long max = new GeoHash.Bits(cell.bits() + 1, cell.step()).align52();
            z.forEachInScoreRange(min, max, (member, score) -> {
                double[] xy = GeoHash.decodeScore(score);
                double d = shape.distanceIfInside(xy[0], xy[1]);
                if (d >= 0) {
                    found.add(new Point(member, score, xy[0], xy[1], d));
                }
                return found.isEmpty() || limit == 0 || found.size() < limit;
            });
            last = i;
        }
        return found;
    }
}

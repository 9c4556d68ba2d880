package io.redraft.store.geo;

/**
 * Redis's geohash arithmetic: a position is a 52-bit integer interleaving 26 latitude bits (even
 * positions) with 26 longitude bits (odd positions) over the Web Mercator ranges, stored as the
 * member's zset score. Every floating-point step follows Redis's order of operations, because
 * coordinates and distances are printed to the last digit and compared against redis-server.
 */
final class GeoHash {
    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final double EARTH_RADIUS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    private GeoHash() {
    }

    /** A cell: interleaved bits at a precision of {@code step} bits per axis; step 0 means "none". */
    record Bits(long bits, int step) {
        static final Bits ZERO = new Bits(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }

        /** The cell's score range start (geohashAlign52Bits). */
        long align52() {
            return bits << (52 - step * 2);
        }
    }

    /** A cell's bounds. */
    record Area(double latMin, double latMax, double lonMin, double lonMax) {
    }

    static double degRad(double ang) {
        return ang * D_R;
    }

    static double radDeg(double ang) {
        return ang / D_R;
    }

    /** Spreads the low 32 bits of v to the even bit positions. */
    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Gathers the even bit positions into the low 32 bits. */
    private static long squash(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /** C's (uint32_t) conversion of a non-negative double below 2^32. */
    private static long u32(double d) {
        return ((long) d) & 0xFFFFFFFFL;
    }

    /** Encodes within the given ranges; null when outside them (geohashEncode). */
    static Bits encode(double lonMin, double lonMax, double latMin, double latMax,
                       double longitude, double latitude, int step) {
        if (longitude > 180 || longitude < -180 || latitude > LAT_MAX || latitude < LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < lonMin || longitude > lonMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double lonOffset = (longitude - lonMin) / (lonMax - lonMin);
        latOffset *= (double) (1L << step);
        lonOffset *= (double) (1L << step);
        return new Bits(spread(u32(latOffset)) | (spread(u32(lonOffset)) << 1), step);
    }

    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    static Area decode(Bits hash) {
        long lat = squash(hash.bits());
        long lon = squash(hash.bits() >>> 1);
        double cells = (double) (1L << hash.step());
        double latScale = LAT_MAX - LAT_MIN;
        double lonScale = LONG_MAX - LONG_MIN;
        return new Area(
                LAT_MIN + (lat * 1.0 / cells) * latScale,
                LAT_MIN + (((lat + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latScale,
                LONG_MIN + (lon * 1.0 / cells) * lonScale,
                LONG_MIN + (((lon + 1) & 0xFFFFFFFFL) * 1.0 / cells) * lonScale);
    }

    /** The cell centre, clamped to the valid ranges: {longitude, latitude}. */
    static double[] center(Area a) {
        double lon = (a.lonMin() + a.lonMax()) / 2;
        lon = Math.min(LONG_MAX, Math.max(LONG_MIN, lon));
        double lat = (a.latMin() + a.latMax()) / 2;
        lat = Math.min(LAT_MAX, Math.max(LAT_MIN, lat));
        return new double[]{lon, lat};
    }

    /** The position a zset score stands for: {longitude, latitude} (decodeGeohash). */
    static double[] decodeScore(double score) {
        return center(decode(new Bits(scoreBits(score), STEP_MAX)));
    }

    /** C's (uint64_t) cast of a score as x86-64 compilers emit it. */
    static long scoreBits(double score) {
        if (score < 0x1p63) {
            return (long) score;
        }
        double high = score - 0x1p63;
        return high >= 0x1p63 ? 0 : ((long) high) ^ Long.MIN_VALUE;
    }

    /** The 52-bit score of a position (geohashEncodeWGS84 at full precision, aligned). */
    static long score(double longitude, double latitude) {
        return encodeWgs84(longitude, latitude, STEP_MAX).align52();
    }

    private static Bits moveX(Bits h, int d) {
        if (d == 0) {
            return h;
        }
        long x = h.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = h.bits() & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - h.step() * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - h.step() * 2));
        return new Bits(x | y, h.step());
    }

    private static Bits moveY(Bits h, int d) {
        if (d == 0) {
            return h;
        }
        long x = h.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = h.bits() & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - h.step() * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - h.step() * 2));
        return new Bits(x | y, h.step());
    }

    private static Bits move(Bits h, int dx, int dy) {
        return moveY(moveX(h, dx), dy);
    }

    /**
     * Great-circle distance in meters (Haversine), as geohashGetDistance. StrictMath, not Math:
     * a STOREDIST score is state, and only StrictMath gives the same bits on every JVM and CPU
     * a replica may run on (glibc's libm may differ from both in the last bit).
     */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = StrictMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = StrictMath.sin((lat2r - lat1r) / 2);
        double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS * StrictMath.asin(Math.sqrt(a));
    }

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /**
     * The step whose cells are just larger than the radius (geohashEstimateStepsByRadius), one
     * or two coarser near the poles, where meridians converge.
     */
    static int estimateSteps(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /**
     * The cells to scan for a shape: its centre's cell first, then north, south, east, west,
     * north-east, north-west, south-east, south-west; cells the bounding box cannot reach are
     * {@link Bits#ZERO} (geohashCalculateAreasByShapeWGS84).
     */
    static Bits[] searchCells(GeoShape shape) {
        double[] bounds = shape.boundingBox();
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        double lon = shape.lon();
        double lat = shape.lat();
        int steps = estimateSteps(shape.radiusMeters(), lat);
        Bits hash = encodeWgs84(lon, lat, steps);
        Bits[] n = neighbours(hash);
        boolean decrease = decode(n[1]).latMax() < maxLat
                | decode(n[2]).latMin() > minLat
                | decode(n[3]).lonMax() < maxLon
                | decode(n[4]).lonMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encodeWgs84(lon, lat, steps);
            n = neighbours(hash);
        }
        Area area = decode(hash);
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                n[2] = n[7] = n[8] = Bits.ZERO; // south, south-east, south-west
            }
            if (area.latMax() > maxLat) {
                n[1] = n[5] = n[6] = Bits.ZERO; // north, north-east, north-west
            }
            if (area.lonMin() < minLon) {
                n[4] = n[8] = n[6] = Bits.ZERO; // west, south-west, north-west
            }
            if (area.lonMax() > maxLon) {
                n[3] = n[7] = n[5] = Bits.ZERO; // east, south-east, north-east
            }
        }
        return n;
    }

    /** {hash, N, S, E, W, NE, NW, SE, SW}: Redis's scanning order. */
    private static Bits[] neighbours(Bits h) {
        return new Bits[]{h, move(h, 0, 1), move(h, 0, -1), move(h, 1, 0), move(h, -1, 0),
                move(h, 1, 1), move(h, -1, 1), move(h, 1, -1), move(h, -1, -1)};
    }
}

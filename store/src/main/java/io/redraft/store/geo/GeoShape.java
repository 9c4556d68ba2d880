package io.redraft.store.geo;

/**
 * A search area: a circle of {@code radius} or a box of {@code width} x {@code height} around
 * (lon, lat), sizes in the user's unit, {@code conversion} meters per unit (Redis's GeoShape).
 */
record GeoShape(double lon, double lat, boolean box, double radius, double width, double height, double conversion) {

    static GeoShape circle(double lon, double lat, double radius, double conversion) {
        return new GeoShape(lon, lat, false, radius, 0, 0, conversion);
    }

    static GeoShape box(double lon, double lat, double width, double height, double conversion) {
        return new GeoShape(lon, lat, true, 0, width, height, conversion);
    }

    /** The circle's radius, or the distance from the box's centre to a corner, in meters. */
    double radiusMeters() {
        double r = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        return r * conversion;
    }

    /** {minLon, minLat, maxLon, maxLat} of the area (geohashBoundingBox). */
    double[] boundingBox() {
        double h = conversion * (box ? height / 2 : radius);
        double w = conversion * (box ? width / 2 : radius);
        double latDelta = GeoHash.radDeg(h / GeoHash.EARTH_RADIUS);
        double lonDeltaTop = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS / StrictMath.cos(GeoHash.degRad(lat + latDelta)));
        double lonDeltaBottom = GeoHash.radDeg(w / GeoHash.EARTH_RADIUS / StrictMath.cos(GeoHash.degRad(lat - latDelta)));
        // Meridians converge towards the pole: the wider edge is the one nearer the equator.
        boolean south = lat < 0;
        return new double[]{
                south ? lon - lonDeltaBottom : lon - lonDeltaTop,
                lat - latDelta,
                south ? lon + lonDeltaBottom : lon + lonDeltaTop,
                lat + latDelta};
    }

    /** The distance in meters from the centre to a point inside the area, or -1 outside it. */
    double distanceIfInside(double lon2, double lat2) {
        if (!box) {
            double d = GeoHash.distance(lon, lat, lon2, lat2);
            return d > radius * conversion ? -1 : d;
        }
        double w = width * conversion;
        double h = height * conversion;
        // The latitude distance is the cheaper one, so it is checked first (as Redis).
        if (GeoHash.latDistance(lat2, lat) > h / 2) {
            return -1;
        }
        if (GeoHash.distance(lon2, lat2, lon, lat2) > w / 2) {
            return -1;
        }
        return GeoHash.distance(lon, lat, lon2, lat2);
    }
}

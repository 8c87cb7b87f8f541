package io.keytrail.reporting.http;

import java.time.Instant;

/**
 * The instants the API takes from clients: years 1 to 9999. Both databases store those, and a
 * client never needs others; PostgreSQL refuses some that H2 takes (it stops in year 294276), and
 * a time it cannot store must be a 400, not a database error.
 */
public final class Instants {
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {
    }

    public static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}

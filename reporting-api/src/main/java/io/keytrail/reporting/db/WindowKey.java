package io.keytrail.reporting.db;

import java.time.Instant;

/** The primary key of a usage window: its developer (or key) and its bounds. */
public record WindowKey(String subjectId, Instant windowStart, Instant windowEnd) {
}

package io.keytrail.reporting.db;

import java.time.Instant;

/** Failed authentications from one client IP in a range, and the latest of them. */
public record FailureCount(String clientIp, long failures, Instant lastSeen) {
}

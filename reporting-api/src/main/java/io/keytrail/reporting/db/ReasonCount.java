package io.keytrail.reporting.db;

/** Failed authentications for one reason in a range; {@code reason} is {@code null} when none was recorded. */
public record ReasonCount(String reason, long failures) {
}

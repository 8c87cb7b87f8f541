package io.keytrail.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly audit-streams found in the authentication events, published on the {@code alerts}
 * topic keyed by {@link #subject()}. An alert is raised once per subject, type and window: the
 * {@code alertId} is derived from the three, so a consumer that sees it twice after a replay can
 * tell it is the same alert.
 *
 * @param subject      the client IP or key id the alert is about
 * @param windowStart  start of the window the observation was counted in
 * @param windowEnd    end of that window (exclusive)
 * @param observed     what was counted when the alert fired: failures, attempts or distinct IPs
 * @param threshold    the configured threshold {@code observed} reached
 * @param time         event time of the event that made the count reach the threshold
 * @param reason       for {@code DEAD_KEY_USED}, whether the key was revoked or expired
 * @param developerId  the key's developer, when known
 */
public record Alert(
        int schemaVersion,
        String alertId,
        Type type,
        SubjectType subjectType,
        String subject,
        Instant windowStart,
        Instant windowEnd,
        long observed,
        long threshold,
        Instant time,
        FailureReason reason,
        String developerId,
        String projectId) {

    public static final int SCHEMA_VERSION = 1;

    /** What was found. */
    public enum Type {
        /** Many failed authentications from one client IP: key guessing or a broken client. */
        FAILURE_BURST_IP,
        /** Many failed authentications with one known key. */
        FAILURE_BURST_KEY,
        /** A revoked or expired key is still being tried. */
        DEAD_KEY_USED,
        /** One key used from an unusual number of client IPs: it may have leaked. */
        KEY_MANY_IPS
    }

    /** What {@link #subject()} names. */
    public enum SubjectType {
        CLIENT_IP,
        KEY
    }

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subjectType, "subjectType");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(time, "time");
    }

    /** The deterministic id of the alert of {@code type} about {@code subject} in the window starting at {@code windowStart}. */
    public static String id(Type type, String subject, Instant windowStart) {
        return type + "|" + subject + "|" + windowStart;
    }
}

package io.keytrail.events;

/** The closed set of reasons an authentication decision can fail for. */
public enum FailureReason {
    MISSING_KEY,
    UNKNOWN_KEY,
    REVOKED_KEY,
    EXPIRED_KEY,
    FORBIDDEN_API,
    JWT_INVALID,
    IDENTITY_MISMATCH,
    RATE_LIMITED,
    MALFORMED_REQUEST
}

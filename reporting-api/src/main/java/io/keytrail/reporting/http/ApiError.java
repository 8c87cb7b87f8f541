package io.keytrail.reporting.http;

/** Every error the API answers with: a stable code for programs and the HTTP status it travels with. */
public enum ApiError {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    /**
     * A developer's API key is missing or not valid. Answered with the gateway's own body,
     * {@code {"message":"Invalid authentication credentials","status":401}}, so that a developer's
     * tools see one answer for a bad key wherever they send it.
     */
    INVALID_CREDENTIALS(401),
    /** The caller is known but may not see this, e.g. a developer asking for another's usage. */
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** The request is well-formed but the resource's current state does not allow it, e.g. revoking twice. */
    CONFLICT(409),
    /** The resource existed and was destroyed for good, e.g. revealing a deleted key. */
    GONE(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Too many failed attempts from this client; try again later. */
    TOO_MANY_REQUESTS(429),
    INTERNAL_ERROR(500);

    private final int status;

    ApiError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}

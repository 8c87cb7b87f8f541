package io.keytrail.reporting.http;

/** Every error the API answers with: a stable code for programs and the HTTP status it travels with. */
public enum ApiError {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** The request is well-formed but the resource's current state does not allow it, e.g. revoking twice. */
    CONFLICT(409),
    /** The resource existed and was destroyed for good, e.g. revealing a deleted key. */
    GONE(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500);

    private final int status;

    ApiError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}

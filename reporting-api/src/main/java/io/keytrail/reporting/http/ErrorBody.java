package io.keytrail.reporting.http;

/** The JSON every error answer carries, e.g. {@code {"code":"BAD_REQUEST","message":"...","status":400}}. */
public record ErrorBody(String code, String message, int status) {
    static ErrorBody of(ApiError error, String message) {
        return new ErrorBody(error.name(), message, error.status());
    }
}

package io.keytrail.cli.api;

/** The body of every error answer: {@code {"code": "CONFLICT", "message": "...", "status": 409}}. */
public record ApiError(String code, String message, int status) {
}

package io.keytrail.reporting.http;

import java.util.Objects;

/**
 * A request the API refuses, thrown by any handler and answered by {@link ErrorHandler}. The
 * message goes to the client as it is, so it must describe the client's input and never hold a
 * secret or internal detail.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ApiError.BAD_REQUEST, message);
    }

    public ApiError error() {
        return error;
    }
}

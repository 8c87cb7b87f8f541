package io.keytrail.cli.client;

import io.keytrail.cli.api.ApiError;
import java.util.Objects;

/** The API answered with an error. The CLI prints {@code error: <message> (<CODE>)}, exit status 1. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.message() + " (" + error.code() + ")");
        this.error = Objects.requireNonNull(error, "error");
    }

    public ApiError error() {
        return error;
    }
}

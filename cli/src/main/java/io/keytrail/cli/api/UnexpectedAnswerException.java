package io.keytrail.cli.api;

/** A successful answer the CLI cannot read: not the JSON the spec describes. Exit status 1. */
public final class UnexpectedAnswerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnexpectedAnswerException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnexpectedAnswerException(String message) {
        super(message);
    }
}

package io.keytrail.cli.client;

/** The CLI cannot talk to the API as set up, e.g. no admin token can be found. Exit status 1. */
public final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SetupException(String message) {
        super(message);
    }
}

package io.keytrail.cli.args;

/** The command line cannot be used as given; the CLI prints the message and the usage, exit status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

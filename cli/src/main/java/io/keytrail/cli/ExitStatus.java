package io.keytrail.cli;

/** The exit statuses scripts can tell apart. */
public final class ExitStatus {
    public static final int OK = 0;
    /** The API refused (an {@code error: <message> (<CODE>)} line), or the CLI is not set up (no token). */
    public static final int FAILED = 1;
    /** The command line is wrong; the usage follows the error. */
    public static final int USAGE = 2;
    /** No answer from the admin API: refused, unknown host, timeout. */
    public static final int UNREACHABLE = 3;

    private ExitStatus() {
    }
}

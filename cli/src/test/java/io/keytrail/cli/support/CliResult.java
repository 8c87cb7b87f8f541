package io.keytrail.cli.support;

/** What one CLI run left behind. */
public record CliResult(int status, String stdout, String stderr) {
    /** For assertion messages. */
    public String describe() {
        return "exit " + status + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }

    /** stdout's one line without its line break; fails unless stdout is exactly one line. */
    public String onlyLine() {
        if (!stdout.endsWith("\n") || stdout.indexOf('\n') != stdout.length() - 1) {
            throw new AssertionError("stdout is not exactly one line:\n" + describe());
        }
        return stdout.substring(0, stdout.length() - 1);
    }
}

package io.keytrail.cli.output;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * The two streams and the one rule: stdout is for data only, stderr for everything said to a person.
 *
 * @param json {@code --json}: commands print the API's JSON instead of tables and field blocks
 */
public record Output(PrintStream stdout, PrintStream stderr, boolean json) {
    public Output {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** The API's JSON, byte for byte as received, ending with a line break. */
    public void rawJson(String body) {
        stdout.print(body);
        if (!body.endsWith("\n")) {
            stdout.println();
        }
        stdout.flush();
    }

    /** A secret or value a script captures: alone on its line on stdout. */
    public void value(String value) {
        stdout.println(value);
        stdout.flush();
    }

    public void lines(List<String> lines) {
        lines.forEach(stdout::println);
        stdout.flush();
    }

    /** A note for the person at the terminal (stderr). */
    public void note(String message) {
        stderr.println(Text.clean(message));
        stderr.flush();
    }

    public void warning(String message) {
        note("warning: " + message);
    }

    public void error(String message) {
        note("error: " + message);
    }
}

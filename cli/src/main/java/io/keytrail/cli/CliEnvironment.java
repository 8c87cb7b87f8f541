package io.keytrail.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the CLI takes from its process, so that tests can hand it their own.
 *
 * @param variables the environment ({@code KEYTRAIL_ADMIN_URL}, {@code KEYTRAIL_ADMIN_TOKEN}, ...)
 * @param root      the repository root, where {@code .keytrail/admin-token} is looked for
 */
public record CliEnvironment(Map<String, String> variables, Path root, InputStream stdin, PrintStream stdout,
                             PrintStream stderr) {
    public CliEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** This process's: {@code -Dkeytrail.root} (set by ./keytrail) or the working directory. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(),
                Path.of(System.getProperty("keytrail.root", ".")).toAbsolutePath().normalize(),
                System.in, System.out, System.err);
    }
}

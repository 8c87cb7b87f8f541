package io.keytrail.cli.support;

import io.keytrail.cli.CliEnvironment;
import io.keytrail.cli.KeytrailCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in this JVM, as ./keytrail would run it in its own, and captures what it prints. */
public final class CliRunner {
    private final KeytrailCli cli = KeytrailCli.standard();
    private final Map<String, String> env;
    private final Path root;

    public CliRunner(Map<String, String> env, Path root) {
        this.env = new HashMap<>(env);
        this.root = root;
    }

    /** The same runner with one more (or a changed) environment variable. */
    public CliRunner with(String name, String value) {
        Map<String, String> changed = new HashMap<>(env);
        changed.put(name, value);
        return new CliRunner(changed, root);
    }

    /** The same runner without an environment variable. */
    public CliRunner without(String name) {
        Map<String, String> changed = new HashMap<>(env);
        changed.remove(name);
        return new CliRunner(changed, root);
    }

    public CliResult run(String... args) {
        return runWithStdin("", args);
    }

    public CliResult runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int status = cli.run(List.of(args), new CliEnvironment(env, root,
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout, stderr));
            return new CliResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}

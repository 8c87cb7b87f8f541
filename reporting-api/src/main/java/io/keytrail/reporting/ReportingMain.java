package io.keytrail.reporting;

import io.keytrail.reporting.config.ConfigException;
import io.keytrail.reporting.config.ReportingSettings;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command line: {@code reporting-api [--config FILE]}. Exit status 2 for bad arguments or
 * configuration, 1 when start-up fails; otherwise runs until the JVM is asked to stop.
 */
public final class ReportingMain {
    static final int BAD_CONFIGURATION = 2;
    static final int START_FAILED = 1;
    private static final String USAGE = "usage: reporting-api [--config FILE]";

    private ReportingMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the app and returns 0 while it runs on, or the exit status when it could not start. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path config;
        try {
            config = configFile(args);
        } catch (IllegalArgumentException e) {
            err.println("reporting-api: " + e.getMessage());
            err.println(USAGE);
            return BAD_CONFIGURATION;
        }
        ReportingSettings settings;
        try {
            settings = ReportingSettings.load(config, env);
        } catch (ConfigException e) {
            err.println("reporting-api: " + e.getMessage());
            return BAD_CONFIGURATION;
        }
        ReportingApp app;
        try {
            app = ReportingApp.start(settings);
        } catch (RuntimeException e) {
            err.println("reporting-api: cannot start: " + e.getMessage());
            return START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "reporting-api-shutdown"));
        out.println("reporting-api listening on http://" + settings.http().host() + ":" + app.port());
        if (settings.admin().token() == null) {
            out.println("admin token in " + settings.storage().adminTokenFile());
        }
        return 0;
    }

    private static Path configFile(String[] args) {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                value = args[++i];
            } else if (arg.startsWith("--config=")) {
                value = arg.substring("--config=".length());
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            if (config != null) {
                throw new IllegalArgumentException("--config given twice");
            }
            try {
                config = Path.of(value);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--config: not a usable path: " + value);
            }
        }
        return config;
    }
}

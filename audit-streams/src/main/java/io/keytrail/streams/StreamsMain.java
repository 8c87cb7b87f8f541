package io.keytrail.streams;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit-streams process. Exit codes: 0 after a clean stop, 1 when it cannot start or stops on
 * an error, 2 for a bad command line or configuration, so a supervisor can tell "fix the config"
 * from "retry later".
 */
public final class StreamsMain {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsMain.class);
    static final String USAGE = "usage: audit-streams [--config FILE]\n"
            + "  FILE is a .properties file; KEYTRAIL_* environment variables override it.";

    private StreamsMain() {
    }

    public static void main(String[] args) {
        int exit = run(args, System.getenv(), System.out, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Runs until the application stops; returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        Path configFile;
        try {
            configFile = configFile(args);
        } catch (IllegalArgumentException e) {
            err.println("audit-streams: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StreamsSettings settings;
        try {
            settings = StreamsSettings.load(configFile, env);
        } catch (SettingsException e) {
            err.println("audit-streams: " + e.getMessage());
            return 2;
        }
        StreamsApp app;
        try {
            app = StreamsApp.start(settings);
        } catch (StreamsApp.StartupException e) {
            LOG.debug("start-up failed", e);
            err.println("audit-streams: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "audit-streams-shutdown"));
        out.println("audit-streams running (application id " + settings.applicationId()
                + ", bootstrap " + settings.bootstrapServers() + ")");
        try {
            app.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.close();
        }
        if (app.failed()) {
            err.println("audit-streams: stopped after an error, see the log");
            return 1;
        }
        return 0;
    }

    private static Path configFile(String[] args) {
        Path configFile = null;
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
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("--config needs a file");
            }
            configFile = Path.of(value);
        }
        return configFile;
    }
}

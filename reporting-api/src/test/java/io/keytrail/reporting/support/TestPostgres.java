package io.keytrail.reporting.support;

import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests of one JVM, like the shared Kafka broker: started by the
 * first test that asks, in a fresh temporary directory on a free port, and stopped at JVM exit.
 * PostgreSQL refuses to run as root, so when the tests run as root (as on CI) the server runs as
 * {@code nobody}. Each test gets its own database ({@link #createDatabase}), owned by an ordinary
 * role: neither the migrations nor the DAOs need a superuser.
 *
 * <p>No server outlives its JVM: postgres runs under a small shell that stops it (fast shutdown) and
 * removes its directory as soon as its standard input, a pipe only this JVM writes to, closes,
 * which the kernel does however the JVM ends, {@code kill -9} included; and where {@code setpriv}
 * exists, the server also gets SIGINT when that shell dies.
 *
 * <p>Without PostgreSQL {@value PostgresBinaries#MIN_VERSION}+ binaries (see {@link PostgresBinaries})
 * the tests that need the server are skipped, unless {@code KEYTRAIL_REQUIRE_POSTGRES=1}, as on CI,
 * turns that into a failure.
 */
public final class TestPostgres {
    public static final String REQUIRE_VARIABLE = "KEYTRAIL_REQUIRE_POSTGRES";
    private static final String SUPERUSER = "keytrail_admin";
    private static final String OWNER = "keytrail";
    private static final String TEMPLATE = "keytrail_template";
    /**
     * Runs "$@" (postgres) until its standard input closes, then stops it and removes directory $1.
     * Ctrl-C stops the JVM, which closes the input: the shell waits for that rather than die first.
     */
    private static final String WATCHDOG = """
            trap '' INT
            dir=$1
            shift
            "$@" &
            pid=$!
            cat >/dev/null
            kill -INT "$pid" 2>/dev/null
            wait "$pid"
            rm -rf "$dir"
            """;

    private static TestPostgres server;
    private static String missing;
    private static RuntimeException failed;

    private final Path base;
    private final Process watchdog;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean templateReady;

    private TestPostgres(Path base, Process watchdog, int port, String password) {
        this.base = base;
        this.watchdog = watchdog;
        this.port = port;
        this.password = password;
    }

    /**
     * This JVM's server, started on the first call. Aborts the calling test (JUnit counts it as
     * skipped) when this machine has no PostgreSQL, or fails it when {@value #REQUIRE_VARIABLE}=1;
     * a server that is there but does not start always fails.
     */
    public static synchronized TestPostgres shared() {
        if (server == null && missing == null && failed == null) {
            List<String> why = new ArrayList<>();
            Optional<PostgresBinaries> binaries = PostgresBinaries.find(why);
            if (binaries.isEmpty()) {
                missing = "no PostgreSQL " + PostgresBinaries.MIN_VERSION + "+ server found (" + String.join("; ", why)
                        + "); install it, or set " + PostgresBinaries.BIN_VARIABLE + " to its bin directory";
                System.err.println("PostgreSQL tests: " + missing);
            } else {
                try {
                    server = start(binaries.get());
                    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
                } catch (IOException | RuntimeException e) {
                    failed = new IllegalStateException("the test PostgreSQL server did not start: " + e.getMessage(), e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (missing != null) {
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                throw new IllegalStateException(missing + " (" + REQUIRE_VARIABLE + "=1 requires it)");
            }
            Assumptions.abort("skipped, " + missing);
        }
        return server;
    }

    /**
     * A new database owned by an ordinary role, already migrated to the current schema; returns its
     * name. It is a copy of a template that {@link Database#open} migrated once from empty for this
     * JVM, which spares every test the migrations (half a second each here).
     */
    public String createDatabase() {
        synchronized (this) {
            if (!templateReady) {
                String template = createEmptyDatabase();
                Database.open(settings(template)).close();
                admin("ALTER DATABASE " + template + " RENAME TO " + TEMPLATE);
                templateReady = true;
            }
        }
        String name = nextName();
        for (int attempt = 1; ; attempt++) {
            try {
                admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " OWNER " + OWNER + " STRATEGY FILE_COPY");
                return name;
            } catch (IllegalStateException e) {
                // 55006: the template's last connections from its migration may still be closing.
                if (attempt == 20 || !(e.getCause() instanceof SQLException sql && "55006".equals(sql.getSQLState()))) {
                    throw e;
                }
                sleep(50);
            }
        }
    }

    /** A new, empty database owned by an ordinary role, for tests of the migrations themselves. */
    public String createEmptyDatabase() {
        String name = nextName();
        admin("CREATE DATABASE " + name + " OWNER " + OWNER);
        return name;
    }

    private String nextName() {
        return "keytrail_test_" + databases.incrementAndGet();
    }

    /** Drops the database even if a test left connections to it open. */
    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** How reporting-api connects to {@code database}: as its owner, through a small HikariCP pool. */
    public ReportingSettings.Database settings(String database) {
        return new ReportingSettings.Database(url(database), OWNER, password, 4, Duration.ofSeconds(10));
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static TestPostgres start(PostgresBinaries bin) throws IOException {
        Path temp = Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp"));
        String log = "";
        // A free port may be taken by someone else before postgres binds it: then start afresh.
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path base = Files.createTempDirectory(temp, "keytrail-pg-");
            Process watchdog = null;
            try {
                ServerUser user = ServerUser.forThisProcess(base);
                String password = randomPassword();
                initdb(bin, user, base, password);
                int port = freePort();
                watchdog = launch(bin, user, base, port);
                TestPostgres started = new TestPostgres(base, watchdog, port, password);
                if (started.awaitReady(Duration.ofSeconds(30))) {
                    started.admin("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + password + "'");
                    return started;
                }
                log = tail(base.resolve("postgres.log"));
                started.stop();
            } catch (IOException | RuntimeException e) {
                stop(watchdog, base);
                throw e;
            }
        }
        throw new IllegalStateException("postgres did not accept connections; its log: " + log);
    }

    private static void initdb(PostgresBinaries bin, ServerUser user, Path base, String password) throws IOException {
        Path passwordFile = base.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        user.own(passwordFile);
        List<String> initdb = new ArrayList<>(user.prefix());
        initdb.addAll(List.of(bin.initdb().toString(), "-D", base.resolve("data").toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
                "--no-instructions"));
        exec(initdb, base.resolve("initdb.log"));
        Files.delete(passwordFile);
    }

    private static Process launch(PostgresBinaries bin, ServerUser user, Path base, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "sh", base.toString()));
        command.addAll(user.prefixDyingWithParent());
        command.addAll(List.of(bin.postgres().toString(), "-D", base.resolve("data").toString(),
                "-p", Integer.toString(port), "-k", base.toString(), "-h", "127.0.0.1",
                // a throwaway server: durability buys nothing, and tests wait for every commit
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=32MB", "-c", "max_connections=200"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile()))
                .start();
    }

    private boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && watchdog.isAlive()) {
            try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password)) {
                return c.isValid(5);
            } catch (SQLException notYet) {
                sleep(50);
            }
        }
        return false;
    }

    private void stop() {
        stop(watchdog, base);
    }

    /**
     * Closes the watchdog's input, which stops postgres and removes the server's directory; kills
     * them if that takes too long, and removes what is left.
     */
    private static void stop(Process watchdog, Path base) {
        if (watchdog != null) {
            try {
                watchdog.getOutputStream().close();
                if (!watchdog.waitFor(20, TimeUnit.SECONDS)) {
                    watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
                    watchdog.destroyForcibly();
                }
            } catch (IOException ignored) {
                // the pipe is gone already: the watchdog is ending too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (Files.exists(base)) {
                delete(base);
            }
        } catch (UncheckedIOException e) {
            System.err.println("test PostgreSQL: " + e.getMessage());
        }
    }

    private static void exec(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " took over 60 s; " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + tail(log));
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /**
     * Starts the server before a class's tests, so that without PostgreSQL the whole class is
     * skipped at once; {@link OnPostgres} registers it.
     */
    public static final class Required implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared();
        }
    }
}

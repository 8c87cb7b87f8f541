package io.keytrail.reporting.support;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server process: a fresh cluster ({@code initdb}) in a new temporary directory,
 * listening on 127.0.0.1 at a free port with its socket in that directory, run as {@link ServerUser}.
 * Its superuser's password is random and the only way in.
 *
 * <p>postgres runs under a small shell that stops it (fast shutdown) and removes its directory as
 * soon as its standard input, a pipe only this JVM writes to, closes: the kernel closes it however
 * the JVM ends, {@code kill -9} included. Where {@code setpriv} exists, postgres also gets SIGINT
 * when that shell dies.
 */
final class PostgresServer {
    private static final String SUPERUSER = "keytrail_admin";
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

    private final Path base;
    private final Process watchdog;
    private final int port;
    private final String password;

    private PostgresServer(Path base, Process watchdog, int port, String password) {
        this.base = base;
        this.watchdog = watchdog;
        this.port = port;
        this.password = password;
    }

    static PostgresServer start(PostgresBinaries bin) throws IOException {
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
                PostgresServer server = new PostgresServer(base, watchdog, port, password);
                if (server.awaitReady(Duration.ofSeconds(30))) {
                    return server;
                }
                log = tail(base.resolve("postgres.log"));
                server.stop();
            } catch (IOException | RuntimeException e) {
                stop(watchdog, base);
                throw e;
            }
        }
        throw new IllegalStateException("postgres did not accept connections; its log: " + log);
    }

    int port() {
        return port;
    }

    Path directory() {
        return base;
    }

    /** The superuser's password, which the tests give their own role too. */
    String password() {
        return password;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs one statement as the superuser. */
    void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    void stop() {
        stop(watchdog, base);
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
        if (Files.exists(base)) {
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("test PostgreSQL: could not delete " + base + ": " + e);
            }
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

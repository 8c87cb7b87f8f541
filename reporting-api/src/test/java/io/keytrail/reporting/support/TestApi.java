package io.keytrail.reporting.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.Json;
import io.keytrail.events.Topics;
import io.keytrail.reporting.ReportingRoutes;
import io.keytrail.reporting.admin.KeyIssuer;
import io.keytrail.reporting.admin.KeyManager;
import io.keytrail.reporting.auth.AdminToken;
import io.keytrail.reporting.db.Database;
import io.keytrail.reporting.directory.DeveloperDirectory;
import io.keytrail.reporting.directory.ProjectDirectory;
import io.keytrail.reporting.http.HttpServer;
import io.keytrail.reporting.keys.KeyGenerator;
import io.keytrail.reporting.keys.KeyVault;
import io.keytrail.reporting.outbox.OutboxSignal;
import io.keytrail.reporting.keys.MasterKey;
import io.keytrail.reporting.auth.DeveloperKeyAuthHandler;
import io.keytrail.reporting.reports.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * The real HTTP API on a random port over a real database (H2, or PostgreSQL for an
 * {@link OnPostgres} test class through {@link TestApiExtension}), without Kafka: what the handlers
 * do is visible in the database and the outbox table.
 */
public final class TestApi implements AutoCloseable {
    public static final String TOKEN = "test-admin-token-0123456789";
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Database database;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Topics topics = new Topics("test.");
    private final KeyVault vault = testVault();

    /** Projects and developers every test may create keys for, as if an admin had made them first. */
    public static final java.util.List<String> PROJECTS = java.util.List.of("mobile", "web.v2");
    public static final java.util.List<String> DEVELOPERS = java.util.List.of("alice", "bob_1", "d".repeat(64));

    /** The API over the H2 database in {@code dir}. */
    public TestApi(Path dir) {
        this(TestDatabase.open(dir));
    }

    /** The API over {@code database}, which it closes when closed. */
    public TestApi(Database database) {
        this.database = database;
        Clock clock = Clock.systemUTC();
        java.time.Instant now = clock.instant();
        database.jdbi().useTransaction(handle -> {
            PROJECTS.forEach(p -> handle.attach(io.keytrail.reporting.db.ProjectDao.class).ensure(p, now));
            DEVELOPERS.forEach(d -> handle.attach(io.keytrail.reporting.db.DeveloperDao.class).ensure(d, now));
        });
        this.server = HttpServer.start("127.0.0.1", 0, ReportingRoutes.build(AdminToken.of(TOKEN),
                new KeyIssuer(database.jdbi(), KeyGenerator.create(), vault, topics, clock, new OutboxSignal()),
                new KeyManager(database.jdbi(), vault, topics, clock, new OutboxSignal()),
                new ProjectDirectory(database.jdbi(), clock), new DeveloperDirectory(database.jdbi(), clock),
                Reports.create(database.jdbi(), topics, DeveloperKeyAuthHandler.DEFAULT_HEADER, 10, clock), clock,
                MAX_REQUEST_BYTES));
    }

    /** A vault under a fresh random master key, as a first start would make. */
    public static KeyVault testVault() {
        byte[] bytes = new byte[MasterKey.BYTES];
        new SecureRandom().nextBytes(bytes);
        return new KeyVault(MasterKey.fromBase64(Base64.getEncoder().encodeToString(bytes)), new SecureRandom());
    }

    /** The vault the server seals keys with. */
    public KeyVault vault() {
        return vault;
    }

    public Topics topics() {
        return topics;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    /** Closes the database under the running server, to provoke internal errors. */
    public void closeDatabase() {
        database.close();
    }

    /** {@code http://127.0.0.1:<port>}, for tests that build their own requests. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpResponse<String> send(String method, String path, String body, String token) {
        return send(method, path, body, token, "application/json");
    }

    public HttpResponse<String> send(String method, String path, String body, String token, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, TOKEN);
    }

    public HttpResponse<String> createKey(String project, String body) {
        return send("POST", "/admin/projects/" + project + "/keys", body, TOKEN);
    }

    /** Asserts the common error shape and that nothing internal leaked; returns the message. */
    public static String assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals(code, body.path("code").asText(), response.body());
        assertEquals(status, body.path("status").asInt(), response.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), response.body());
        assertEquals(3, body.size(), response.body());
        assertNoInternals(response.body());
        return body.path("message").asText();
    }

    /** The database's name as a word ("H2", "org.h2"), not inside a generated id such as key_...hh2. */
    private static final java.util.regex.Pattern H2 = java.util.regex.Pattern.compile("(?i)(?<![a-z0-9])h2(?![a-z0-9])");

    public static void assertNoInternals(String body) {
        for (String leak : new String[] {"Exception", "\tat ", "at io.", "at org.", "java.", "jdbi", "SQL"}) {
            assertFalse(body.contains(leak), () -> "response leaks '" + leak + "': " + body);
        }
        assertFalse(H2.matcher(body).find(), () -> "response leaks the database's name: " + body);
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}

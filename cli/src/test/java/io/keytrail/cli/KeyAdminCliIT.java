package io.keytrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.support.CliResult;
import io.keytrail.cli.support.CliRunner;
import io.keytrail.infra.kafka.KafkaExtension;
import io.keytrail.infra.kafka.TestKafka;
import io.keytrail.reporting.ReportingApp;
import io.keytrail.reporting.config.ReportingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in-process against a real reporting-api (real HTTP, H2, Kafka broker) in the same JVM. The
 * app generates its admin token into {@code <root>/.keytrail/admin-token}, as under ./keytrail up, and
 * the CLI finds it there: the tests give the CLI only the URL.
 */
@ExtendWith(KafkaExtension.class)
class KeyAdminCliIT {
    private static final Pattern KEY_VALUE = Pattern.compile("[A-Za-z0-9]{32}");
    private static final Pattern ERROR_LINE = Pattern.compile("error: .+ \\(([A-Z_]+)\\)\n");
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path root;
    private static ReportingApp app;
    private static CliRunner cli;

    @BeforeAll
    static void startReportingApi(TestKafka kafka) {
        app = ReportingApp.start(settings(kafka, root.resolve(".keytrail"), "cli-" + System.nanoTime() + "."));
        cli = new CliRunner(Map.of("KEYTRAIL_ADMIN_URL", "http://127.0.0.1:" + app.port()), root);
    }

    @AfterAll
    static void stopReportingApi() {
        if (app != null) {
            app.close();
        }
    }

    private static ReportingSettings settings(TestKafka kafka, Path dataDir, String prefix) {
        return ReportingSettings.load(null, Map.of(
                "KEYTRAIL_DATA_DIR", dataDir.toString(),
                "KEYTRAIL_REPORTING_PORT", "0",
                "KEYTRAIL_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "KEYTRAIL_TOPIC_PREFIX", prefix));
    }

    /** A fresh id, so that the tests sharing the app never meet. */
    private static String fresh(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    private static CliResult ok(CliResult result) {
        assertEquals(0, result.status(), result.describe());
        return result;
    }

    /** Asserts exit 1 with exactly one {@code error: <message> (<CODE>)} line; returns the line. */
    private static String apiError(CliResult result, String code) {
        assertEquals(1, result.status(), result.describe());
        assertEquals("", result.stdout(), result.describe());
        var matcher = ERROR_LINE.matcher(result.stderr());
        assertTrue(matcher.matches(), "not one error line:\n" + result.describe());
        assertEquals(code, matcher.group(1), result.describe());
        return result.stderr();
    }

    private static JsonNode json(CliResult result) throws Exception {
        return ApiJson.mapper().readTree(result.stdout());
    }

    private static String[] projectAndDeveloper() {
        String project = fresh("shop");
        String developer = fresh("alice");
        ok(cli.run("projects", "create", project, "--name", "Shop", "--description", "the shop"));
        ok(cli.run("developers", "create", developer, "--name", "Alice", "--email", developer + "@example.com"));
        return new String[] {project, developer};
    }

    private static String createKey(String project, String developer, String... more) {
        String[] args = new String[8 + more.length];
        System.arraycopy(new String[] {"keys", "create", "--project", project, "--developer", developer,
                "--description", "CI key"}, 0, args, 0, 8);
        System.arraycopy(more, 0, args, 8, more.length);
        CliResult created = ok(cli.run(args));
        String key = created.onlyLine();
        assertTrue(KEY_VALUE.matcher(key).matches(), "stdout is not just a key: " + created.describe());
        return key;
    }

    private static String keyIdOf(CliResult createOrRotateStderr) {
        var matcher = Pattern.compile("(key_[a-z0-9]{16})").matcher(createOrRotateStderr.stderr());
        assertTrue(matcher.find(), createOrRotateStderr.describe());
        return matcher.group(1);
    }

    @Test
    void theFullCycleCreateListRevealRotateRevoke() throws Exception {
        String[] ids = projectAndDeveloper();
        String project = ids[0];
        String developer = ids[1];

        CliResult created = ok(cli.run("keys", "create", "--project", project, "--developer", developer,
                "--description", "CI key", "--expires-at", Instant.now().plus(400, ChronoUnit.DAYS).toString(),
                "--allowed-api", "orders", "--allowed-api", "payments", "--rate-limit", "100/60s", "--quota", "10000/DAY"));
        String key = created.onlyLine();
        assertTrue(KEY_VALUE.matcher(key).matches(), created.describe());
        String keyId = keyIdOf(created);
        assertFalse(created.stderr().contains(key), "the key leaked to stderr");

        CliResult table = ok(cli.run("keys", "list", "--project", project));
        assertEquals(2, table.stdout().lines().count(), table.describe());
        String[] row = table.stdout().lines().skip(1).findFirst().orElseThrow().split(" +");
        assertEquals(java.util.List.of(keyId, project, developer, "ACTIVE", key.substring(0, 4)),
                java.util.List.of(row).subList(0, 5), table.describe());
        assertFalse(table.stdout().contains(key), "list shows the key");

        JsonNode listed = json(ok(cli.run("keys", "list", "--developer", developer, "--json")));
        assertEquals(1, listed.path("items").size(), listed.toString());
        JsonNode item = listed.path("items").get(0);
        assertEquals(keyId, item.path("keyId").asText());
        assertEquals("[\"orders\",\"payments\"]", item.path("allowedApis").toString());
        assertEquals(100, item.path("rateLimit").path("requests").asLong());
        assertEquals(60, item.path("rateLimit").path("windowSeconds").asLong());
        assertEquals("DAY", item.path("quota").path("period").asText());

        assertEquals(key, ok(cli.run("keys", "reveal", keyId)).onlyLine(), "reveal gives back the created key");
        assertEquals(key, json(ok(cli.run("keys", "reveal", keyId, "--json"))).path("key").asText());

        CliResult rotated = ok(cli.run("keys", "rotate", keyId, "--grace", "1h"));
        String newKey = rotated.onlyLine();
        assertTrue(KEY_VALUE.matcher(newKey).matches(), rotated.describe());
        assertNotEquals(key, newKey);
        var ids2 = Pattern.compile("rotated (key_[a-z0-9]{16}) into (key_[a-z0-9]{16})").matcher(rotated.stderr());
        assertTrue(ids2.find(), rotated.describe());
        assertEquals(keyId, ids2.group(1));
        String newKeyId = ids2.group(2);
        assertEquals(newKey, ok(cli.run("keys", "reveal", newKeyId)).onlyLine());

        JsonNode old = json(ok(cli.run("keys", "get", keyId, "--json")));
        assertEquals(newKeyId, old.path("replacedBy").asText(), old.toString());
        Instant graceEnd = Instant.parse(old.path("expiresAt").asText());
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(Instant.now().plusSeconds(3600), graceEnd)) < 120,
                "the old key should expire in about an hour: " + graceEnd);
        JsonNode fresh = json(ok(cli.run("keys", "get", newKeyId, "--json")));
        assertEquals("[\"orders\",\"payments\"]", fresh.path("allowedApis").toString(), "rotation keeps the settings");

        CliResult revoked = ok(cli.run("keys", "revoke", newKeyId));
        assertTrue(revoked.stdout().contains("status:       REVOKED\n"), revoked.describe());
        String again = apiError(cli.run("keys", "revoke", newKeyId), "CONFLICT");
        assertTrue(again.contains(newKeyId) || again.toLowerCase().contains("revoked"), again);

        CliResult activeOnly = ok(cli.run("keys", "list", "--project", project, "--status", "active", "--json"));
        assertEquals(1, json(activeOnly).path("items").size(), activeOnly.describe());
        assertEquals(keyId, json(activeOnly).path("items").get(0).path("keyId").asText());
    }

    @Test
    void keysNeedAnExistingProjectAndDeveloper() {
        String[] ids = projectAndDeveloper();
        apiError(cli.run("keys", "create", "--project", fresh("nowhere"), "--developer", ids[1], "--description", "x"),
                "NOT_FOUND");
        apiError(cli.run("keys", "create", "--project", ids[0], "--developer", fresh("nobody"), "--description", "x"),
                "NOT_FOUND");
    }

    @Test
    void anImportedKeyIsReadFromStdinAndRevealedAsIs() {
        String[] ids = projectAndDeveloper();
        String existing = "imported-" + Long.toHexString(System.nanoTime()) + "-0123456789";
        CliResult imported = ok(cli.runWithStdin(existing + "\n", "keys", "create", "--project", ids[0],
                "--developer", ids[1], "--description", "legacy key", "--import"));
        assertEquals(existing, imported.onlyLine());
        assertEquals(existing, ok(cli.run("keys", "reveal", keyIdOf(imported))).onlyLine());
        apiError(cli.runWithStdin(existing, "keys", "create", "--project", ids[0], "--developer", ids[1],
                "--description", "again", "--import"), "CONFLICT");
    }

    @Test
    void updateChangesOnlyWhatIsGivenAndDeleteDestroysTheCopy() throws Exception {
        String[] ids = projectAndDeveloper();
        CliResult created = ok(cli.run("keys", "create", "--project", ids[0], "--developer", ids[1],
                "--description", "before"));
        String keyId = keyIdOf(created);

        CliResult updated = ok(cli.run("keys", "update", keyId, "--description", "after", "--rate-limit", "10/s",
                "--quota", "500/hour", "--allowed-api", "orders,search", "--expires-at", "2099-01-01"));
        assertTrue(updated.stdout().contains("description:  after\n"), updated.describe());
        assertTrue(updated.stdout().contains("rate limit:   10/1s\n"), updated.describe());
        JsonNode key = json(ok(cli.run("keys", "get", keyId, "--json")));
        assertEquals("after", key.path("description").asText());
        assertEquals("2099-01-01T00:00:00Z", key.path("expiresAt").asText());
        assertEquals(500, key.path("quota").path("requests").asLong());
        assertEquals("HOUR", key.path("quota").path("period").asText());

        ok(cli.run("keys", "update", keyId, "--no-rate-limit", "--no-expiry", "--all-apis"));
        key = json(ok(cli.run("keys", "get", keyId, "--json")));
        assertTrue(key.path("rateLimit").isMissingNode() || key.path("rateLimit").isNull(), key.toString());
        assertTrue(key.path("expiresAt").isMissingNode() || key.path("expiresAt").isNull(), key.toString());
        assertEquals(0, key.path("allowedApis").size(), key.toString());
        assertEquals("HOUR", key.path("quota").path("period").asText(), "the quota was not touched");
        assertEquals("after", key.path("description").asText());

        CliResult deleted = ok(cli.run("keys", "delete", keyId));
        assertEquals("", deleted.stdout());
        apiError(cli.run("keys", "reveal", keyId), "GONE");
        assertEquals("DELETED", json(ok(cli.run("keys", "get", keyId, "--json"))).path("status").asText());
        apiError(cli.run("keys", "delete", keyId), "CONFLICT");
        apiError(cli.run("keys", "update", keyId, "--description", "x"), "CONFLICT");
    }

    @Test
    void listAllFollowsEveryPage() throws Exception {
        String[] ids = projectAndDeveloper();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            keys.add(keyIdOf(ok(cli.run("keys", "create", "--project", ids[0], "--developer", ids[1],
                    "--description", "key " + i))));
        }
        CliResult onePage = ok(cli.run("keys", "list", "--developer", ids[1], "--limit", "1"));
        assertEquals(2, onePage.stdout().lines().count(), onePage.describe());
        assertTrue(onePage.stderr().contains("--cursor "), onePage.describe());

        JsonNode all = json(ok(cli.run("keys", "list", "--developer", ids[1], "--limit", "1", "--all", "--json")));
        Set<String> listed = new HashSet<>();
        all.path("items").forEach(k -> listed.add(k.path("keyId").asText()));
        assertEquals(keys, listed);

        CliResult table = ok(cli.run("keys", "list", "--project", ids[0], "--limit", "2", "--all"));
        assertEquals(4, table.stdout().lines().count(), table.describe());
        assertEquals("", table.stderr(), table.describe());
    }

    @Test
    void projectsAndDevelopersCreateListGetDelete() throws Exception {
        String[] ids = projectAndDeveloper();
        String project = ids[0];
        String developer = ids[1];

        CliResult shown = ok(cli.run("projects", "get", project));
        assertTrue(shown.stdout().startsWith("id:          " + project + "\nname:        Shop\n"), shown.describe());
        assertEquals(developer + "@example.com",
                json(ok(cli.run("developers", "get", developer, "--json"))).path("email").asText());
        assertTrue(ok(cli.run("projects", "list", "--all")).stdout().lines().anyMatch(l -> l.startsWith(project + " ")));
        JsonNode developers = json(ok(cli.run("developers", "list", "--all", "--json")));
        boolean found = false;
        for (JsonNode d : developers.path("items")) {
            found |= d.path("id").asText().equals(developer);
        }
        assertTrue(found, developers.toString());

        apiError(cli.run("projects", "create", project), "CONFLICT");
        apiError(cli.run("developers", "create", developer), "CONFLICT");

        CliResult created = ok(cli.run("keys", "create", "--project", project, "--developer", developer,
                "--description", "blocks deletion"));
        apiError(cli.run("projects", "delete", project), "CONFLICT");
        apiError(cli.run("developers", "delete", developer), "CONFLICT");
        ok(cli.run("keys", "revoke", keyIdOf(created)));

        CliResult deleted = ok(cli.run("projects", "delete", project));
        assertEquals("", deleted.stdout());
        ok(cli.run("developers", "delete", developer));
        apiError(cli.run("projects", "get", project), "NOT_FOUND");
        apiError(cli.run("developers", "get", developer), "NOT_FOUND");
        apiError(cli.run("projects", "create", project), "CONFLICT");
    }

    @Test
    void aWrongTokenIsRefusedWithUnauthorized() {
        CliRunner wrong = cli.with("KEYTRAIL_ADMIN_TOKEN", "not-the-admin-token-0123456789");
        String message = apiError(wrong.run("keys", "get", "key_0123456789abcdef"), "UNAUTHORIZED");
        assertTrue(message.startsWith("error: invalid admin token"), message);
        apiError(wrong.run("projects", "list"), "UNAUTHORIZED");
    }

    @Test
    void theTokenIsReadFromTheStackFileAndATokenFile() throws Exception {
        Path tokenFile = root.resolve(".keytrail/admin-token");
        assertTrue(Files.exists(tokenFile), "reporting-api writes its generated token there");
        assertEquals(app.adminToken(), Files.readString(tokenFile).strip());
        Path copy = Files.writeString(root.resolve("token-copy"), app.adminToken() + "\n");
        ok(cli.without("KEYTRAIL_ADMIN_URL").with("KEYTRAIL_REPORTING_PORT", Integer.toString(app.port()))
                .with("KEYTRAIL_ADMIN_TOKEN", "wrong-token-but-overridden-0123")
                .run("projects", "list", "--token-file", copy.toString()));
    }

    @Test
    void aStoppedServerExits3NamingTheUrl(TestKafka kafka, @TempDir Path otherData) {
        int port;
        try (ReportingApp stopped = ReportingApp.start(settings(kafka, otherData, "down-" + System.nanoTime() + "."))) {
            port = stopped.port();
            CliRunner toStopped = cli.with("KEYTRAIL_ADMIN_URL", "http://127.0.0.1:" + port)
                    .with("KEYTRAIL_ADMIN_TOKEN", stopped.adminToken());
            ok(toStopped.run("projects", "list"));
        }
        CliResult down = cli.with("KEYTRAIL_ADMIN_URL", "http://127.0.0.1:" + port).run("keys", "list", "--project", "x");
        assertEquals(3, down.status(), down.describe());
        assertEquals("", down.stdout());
        assertTrue(down.stderr().startsWith("error: cannot reach the admin API at http://127.0.0.1:" + port), down.describe());
        assertTrue(down.stderr().contains("connection refused"), down.describe());
    }
}

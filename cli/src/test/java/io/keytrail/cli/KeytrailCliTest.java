package io.keytrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.cli.api.ApiJson;
import io.keytrail.cli.commands.Group;
import io.keytrail.cli.commands.Verb;
import io.keytrail.cli.support.CliResult;
import io.keytrail.cli.support.CliRunner;
import io.keytrail.cli.support.FakeAdminApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole CLI in-process against a canned API: parsing, requests sent, output, exit statuses. */
class KeytrailCliTest {
    private static final String TOKEN = "unit-test-admin-token-0123";
    private static final String KEY_ID = "key_0123456789abcdef";
    private static final String KEY_JSON = "{\"keyId\":\"" + KEY_ID + "\",\"project\":\"shop\",\"developer\":\"alice\","
            + "\"description\":\"CI key\",\"status\":\"ACTIVE\",\"keyHint\":\"AbCd\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"allowedApis\":[],\"imported\":false,\"version\":1}";
    private static final String KEY_VALUE = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    @TempDir
    Path root;
    private FakeAdminApi api;
    private CliRunner cli;

    @BeforeEach
    void start() {
        api = new FakeAdminApi();
        cli = new CliRunner(Map.of("KEYTRAIL_ADMIN_URL", api.url(), "KEYTRAIL_ADMIN_TOKEN", TOKEN), root);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String withValue(String keyJson, String value) {
        return keyJson.substring(0, keyJson.length() - 1) + ",\"key\":\"" + value + "\"}";
    }

    @Test
    void createPrintsOnlyTheKeyOnStdoutAndSendsTheSpecBody() throws Exception {
        api.answer("POST", "/admin/projects/shop/keys", 201, withValue(KEY_JSON, KEY_VALUE));
        CliResult result = cli.run("keys", "create", "--project", "shop", "--developer", "alice",
                "--description", "CI key", "--expires-at", "2027-01-01", "--allowed-api", "orders",
                "--allowed-api", "payments,search", "--rate-limit", "100/60s", "--quota", "10000/day");
        assertEquals(0, result.status(), result.describe());
        assertEquals(KEY_VALUE, result.onlyLine());
        assertTrue(result.stderr().contains("created key " + KEY_ID + " for developer alice in project shop (hint AbCd)"),
                result.describe());

        FakeAdminApi.Request sent = api.onlyRequest();
        assertEquals("Bearer " + TOKEN, sent.authorization());
        assertEquals("application/json", sent.contentType());
        assertEquals(ApiJson.mapper().readTree("""
                {"developer":"alice","description":"CI key","expiresAt":"2027-01-01T00:00:00Z",
                 "allowedApis":["orders","payments","search"],"rateLimit":{"requests":100,"windowSeconds":60},
                 "quota":{"requests":10000,"period":"DAY"}}"""), ApiJson.mapper().readTree(sent.body()));
    }

    @Test
    void importReadsTheKeyFromStdinNeverFromArguments() throws Exception {
        api.answer("POST", "/admin/projects/shop/keys", 201, withValue(KEY_JSON, KEY_VALUE));
        CliResult result = cli.runWithStdin(KEY_VALUE + "\n", "keys", "create", "--project", "shop", "--developer",
                "alice", "--description", "CI key", "--import");
        assertEquals(0, result.status(), result.describe());
        assertEquals(KEY_VALUE, ApiJson.mapper().readTree(api.onlyRequest().body()).path("key").asText());
        assertTrue(result.stderr().startsWith("imported key " + KEY_ID), result.describe());

        CliResult empty = cli.runWithStdin("", "keys", "create", "--project", "shop", "--developer", "alice",
                "--description", "d", "--import");
        assertEquals(2, empty.status(), empty.describe());
        assertTrue(empty.stderr().contains("stdin is empty"), empty.describe());
        CliResult twoLines = cli.runWithStdin("a\nb\n", "keys", "create", "--project", "shop", "--developer", "alice",
                "--description", "d", "--import");
        assertEquals(2, twoLines.status(), twoLines.describe());
        CliResult onArgv = cli.run("keys", "create", "--project", "shop", "--developer", "alice", "--description", "d",
                "--key", KEY_VALUE);
        assertEquals(2, onArgv.status(), onArgv.describe());
        assertFalse(onArgv.stderr().contains(KEY_VALUE), "the refusal echoed the key: " + onArgv.describe());
        assertEquals(1, api.requests().size(), "refused commands must send nothing");
    }

    @Test
    void jsonPrintsTheApiAnswerAsIs() {
        String body = withValue(KEY_JSON, KEY_VALUE);
        api.answer("POST", "/admin/projects/shop/keys", 201, body);
        CliResult result = cli.run("keys", "create", "--json", "--project", "shop", "--developer", "alice",
                "--description", "CI key");
        assertEquals(0, result.status(), result.describe());
        assertEquals(body + "\n", result.stdout());

        api.answer("GET", "/admin/keys/" + KEY_ID, 200, KEY_JSON);
        CliResult get = cli.run("keys", "get", KEY_ID, "--json");
        assertEquals(KEY_JSON + "\n", get.stdout());
        assertEquals("", get.stderr());
    }

    @Test
    void getShowsFieldsRevealPrintsTheValueRevokeShowsTheKey() {
        api.answer("GET", "/admin/keys/" + KEY_ID, 200, KEY_JSON);
        CliResult get = cli.run("keys", "get", KEY_ID);
        assertEquals(0, get.status(), get.describe());
        assertTrue(get.stdout().contains("key id:       " + KEY_ID + "\n"), get.describe());
        assertTrue(get.stdout().contains("allowed apis: all\n"), get.describe());
        assertTrue(get.stdout().contains("rate limit:   none\n"), get.describe());

        api.answer("POST", "/admin/keys/" + KEY_ID + "/reveal", 200, "{\"keyId\":\"" + KEY_ID + "\",\"key\":\"" + KEY_VALUE + "\"}");
        CliResult reveal = cli.run("keys", "reveal", KEY_ID);
        assertEquals(KEY_VALUE, reveal.onlyLine());

        api.answer("POST", "/admin/keys/" + KEY_ID + "/revoke", 200, KEY_JSON.replace("ACTIVE", "REVOKED"));
        CliResult revoke = cli.run("keys", "revoke", KEY_ID);
        assertEquals(0, revoke.status(), revoke.describe());
        assertTrue(revoke.stdout().contains("status:       REVOKED\n"), revoke.describe());
    }

    @Test
    void rotateSendsTheGraceInSecondsAndPrintsTheNewKey() throws Exception {
        String newKey = withValue(KEY_JSON.replace(KEY_ID, "key_fedcba9876543210"), "NewNewNewNewNewNewNewNewNewNew00");
        String oldKey = KEY_JSON.replace("\"allowedApis\"", "\"expiresAt\":\"2026-01-01T01:00:00Z\",\"replacedBy\":"
                + "\"key_fedcba9876543210\",\"allowedApis\"");
        api.answer("POST", "/admin/keys/" + KEY_ID + "/rotate", 201, "{\"newKey\":" + newKey + ",\"oldKey\":" + oldKey + "}");
        CliResult result = cli.run("keys", "rotate", KEY_ID, "--grace", "1h");
        assertEquals(0, result.status(), result.describe());
        assertEquals("NewNewNewNewNewNewNewNewNewNew00", result.onlyLine());
        assertTrue(result.stderr().contains("rotated " + KEY_ID + " into key_fedcba9876543210"), result.describe());
        assertTrue(result.stderr().contains(KEY_ID + " works until 2026-01-01T01:00:00Z"), result.describe());
        assertEquals(3600, ApiJson.mapper().readTree(api.onlyRequest().body()).path("gracePeriodSeconds").asLong());

        assertEquals(2, cli.run("keys", "rotate", KEY_ID).status(), "--grace is required");
        assertEquals(2, cli.run("keys", "rotate", KEY_ID, "--grace", "31d").status());
        assertEquals(2, cli.run("keys", "rotate", KEY_ID, "--grace", "soon").status());
    }

    @Test
    void updateSendsOnlyWhatChangesWithNullsToClear() throws Exception {
        api.answer("PATCH", "/admin/keys/" + KEY_ID, 200, KEY_JSON);
        CliResult result = cli.run("keys", "update", KEY_ID, "--description", "new", "--no-expiry", "--all-apis",
                "--quota", "5/HOUR", "--no-rate-limit");
        assertEquals(0, result.status(), result.describe());
        assertEquals(ApiJson.mapper().readTree(
                "{\"description\":\"new\",\"allowedApis\":[],\"expiresAt\":null,\"rateLimit\":null,"
                        + "\"quota\":{\"requests\":5,\"period\":\"HOUR\"}}"),
                ApiJson.mapper().readTree(api.onlyRequest().body()));

        CliResult nothing = cli.run("keys", "update", KEY_ID);
        assertEquals(2, nothing.status());
        assertTrue(nothing.stderr().contains("nothing to update"), nothing.describe());
        CliResult both = cli.run("keys", "update", KEY_ID, "--expires-at", "2027-01-01", "--no-expiry");
        assertEquals(2, both.status());
        assertTrue(both.stderr().contains("--expires-at and --no-expiry exclude each other"), both.describe());
    }

    @Test
    void deletePrintsNothingOnStdout() {
        api.answer("DELETE", "/admin/keys/" + KEY_ID, 204, "");
        CliResult result = cli.run("keys", "delete", KEY_ID);
        assertEquals(0, result.status(), result.describe());
        assertEquals("", result.stdout());
        assertEquals("deleted key " + KEY_ID + "\n", result.stderr());
    }

    @Test
    void listShowsOnePageAndSaysHowToGetTheNext() throws Exception {
        String page1 = "{\"items\":[" + KEY_JSON + "],\"nextCursor\":\"c1\"}";
        api.answer("GET", "/admin/projects/shop/keys", 200, page1);
        CliResult result = cli.run("keys", "list", "--project", "shop", "--developer", "alice", "--status", "active",
                "--limit", "1");
        assertEquals(0, result.status(), result.describe());
        assertEquals(2, result.stdout().lines().count(), result.describe());
        assertTrue(result.stdout().startsWith("KEY ID "), result.describe());
        assertTrue(result.stderr().contains("--cursor c1"), result.describe());
        assertEquals("status=ACTIVE&developer=alice&limit=1", api.onlyRequest().query());

        api.answer("GET", "/admin/developers/alice/keys", 200, page1);
        CliResult json = cli.run("keys", "list", "--developer", "alice", "--json", "--cursor", "c0");
        assertEquals(0, json.status(), json.describe());
        assertEquals(page1 + "\n", json.stdout(), "one page is printed as the API sent it");
        assertTrue(json.stderr().contains("--cursor c1"), json.describe());
        assertEquals("/admin/developers/alice/keys", api.requests().get(1).path());
        assertEquals("cursor=c0", api.requests().get(1).query());
    }

    @Test
    void listAllFollowsEveryCursorAndMergesPagesForJson() throws Exception {
        String second = KEY_JSON.replace(KEY_ID, "key_1111111111111111");
        api.answer("GET", "/admin/developers/alice/keys", 200, "{\"items\":[" + KEY_JSON + "],\"nextCursor\":\"c1\"}")
                .answer("GET", "/admin/developers/alice/keys", 200, "{\"items\":[" + second + "],\"nextCursor\":\"c2\"}")
                .answer("GET", "/admin/developers/alice/keys", 200, "{\"items\":[]}");
        CliResult result = cli.run("keys", "list", "--developer", "alice", "--all", "--json", "--limit", "1");
        assertEquals(0, result.status(), result.describe());
        JsonNode merged = ApiJson.mapper().readTree(result.stdout());
        assertEquals(2, merged.path("items").size(), result.stdout());
        assertEquals("key_1111111111111111", merged.path("items").get(1).path("keyId").asText());
        assertTrue(merged.path("nextCursor").isMissingNode());
        List<FakeAdminApi.Request> requests = api.requests();
        assertEquals(3, requests.size());
        assertEquals("limit=1", requests.get(0).query());
        assertEquals("limit=1&cursor=c1", requests.get(1).query());
        assertEquals("limit=1&cursor=c2", requests.get(2).query());
        assertEquals("", result.stderr());
    }

    @Test
    void listAllRefusesACursorThatRepeats() {
        api.answer("GET", "/admin/projects", 200, "{\"items\":[],\"nextCursor\":\"same\"}");
        CliResult result = cli.run("projects", "list", "--all");
        assertEquals(1, result.status(), result.describe());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().contains("same nextCursor twice"), result.describe());
    }

    @Test
    void emptyListsSaySoOnStderr() {
        api.answer("GET", "/admin/developers", 200, "{\"items\":[]}");
        CliResult result = cli.run("developers", "list");
        assertEquals(0, result.status(), result.describe());
        assertEquals("", result.stdout());
        assertEquals("no developers found\n", result.stderr());
    }

    @Test
    void projectsAndDevelopersSendTheirBodies() throws Exception {
        api.answer("POST", "/admin/projects", 201, "{\"id\":\"shop\",\"name\":\"Shop\",\"description\":\"\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
        api.answer("POST", "/admin/developers", 201, "{\"id\":\"alice\",\"name\":\"Alice\",\"email\":\"a@example.com\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
        CliResult project = cli.run("projects", "create", "shop", "--name", "Shop");
        assertEquals(0, project.status(), project.describe());
        assertTrue(project.stdout().startsWith("id:      shop\nname:    Shop\ncreated: "), project.describe());
        CliResult developer = cli.run("developers", "create", "alice", "--name", "Alice", "--email", "a@example.com");
        assertEquals(0, developer.status(), developer.describe());
        assertEquals(ApiJson.mapper().readTree("{\"id\":\"shop\",\"name\":\"Shop\"}"),
                ApiJson.mapper().readTree(api.requests().get(0).body()));
        assertEquals(ApiJson.mapper().readTree("{\"id\":\"alice\",\"name\":\"Alice\",\"email\":\"a@example.com\"}"),
                ApiJson.mapper().readTree(api.requests().get(1).body()));
        api.answer("DELETE", "/admin/projects/shop", 204, "");
        CliResult deleted = cli.run("projects", "delete", "shop");
        assertEquals("deleted project shop\n", deleted.stderr());
    }

    @Test
    void apiErrorsPrintMessageAndCodeAndExit1() {
        api.answer("POST", "/admin/keys/" + KEY_ID + "/revoke", 409,
                "{\"code\":\"CONFLICT\",\"message\":\"key " + KEY_ID + " is REVOKED, not ACTIVE\",\"status\":409}");
        CliResult result = cli.run("keys", "revoke", KEY_ID);
        assertEquals(1, result.status(), result.describe());
        assertEquals("", result.stdout());
        assertEquals("error: key " + KEY_ID + " is REVOKED, not ACTIVE (CONFLICT)\n", result.stderr());

        api.answer("GET", "/admin/keys/" + KEY_ID, 502, "<html>Bad Gateway</html>");
        CliResult proxy = cli.run("keys", "get", KEY_ID, "--json");
        assertEquals(1, proxy.status(), proxy.describe());
        assertEquals("", proxy.stdout());
        assertEquals("error: HTTP 502 without an API error body: <html>Bad Gateway</html> (HTTP_502)\n", proxy.stderr());
    }

    @Test
    void anUnreachableApiExits3NamingTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliResult result = cli.with("KEYTRAIL_ADMIN_URL", "http://127.0.0.1:" + port).run("keys", "get", KEY_ID);
        assertEquals(3, result.status(), result.describe());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("error: cannot reach the admin API at http://127.0.0.1:" + port
                + " (from KEYTRAIL_ADMIN_URL): connection refused"), result.describe());

        CliResult viaPort = cli.without("KEYTRAIL_ADMIN_URL").with("KEYTRAIL_REPORTING_PORT", Integer.toString(port))
                .run("projects", "list");
        assertEquals(3, viaPort.status(), viaPort.describe());
        assertTrue(viaPort.stderr().contains("http://127.0.0.1:" + port + " (from KEYTRAIL_REPORTING_PORT)"),
                viaPort.describe());
    }

    @Test
    void theTokenComesFromTheStackFileWhenTheEnvironmentHasNone() throws Exception {
        api.answer("GET", "/admin/keys/" + KEY_ID, 200, KEY_JSON);
        CliRunner noToken = cli.without("KEYTRAIL_ADMIN_TOKEN");
        CliResult missing = noToken.run("keys", "get", KEY_ID);
        assertEquals(1, missing.status(), missing.describe());
        assertTrue(missing.stderr().startsWith("error: no admin token: KEYTRAIL_ADMIN_TOKEN is not set and "),
                missing.describe());
        assertTrue(api.requests().isEmpty());

        Files.createDirectories(root.resolve(".keytrail"));
        Files.writeString(root.resolve(".keytrail/admin-token"), "stack-file-token-0123456789\n");
        assertEquals(0, noToken.run("keys", "get", KEY_ID).status());
        assertEquals("Bearer stack-file-token-0123456789", api.onlyRequest().authorization());
    }

    @Test
    void usageErrorsExit2WithUsageOnStderrAndSendNothing() {
        for (String[] args : new String[][] {
                {}, {"nope"}, {"keys"}, {"keys", "frobnicate"}, {"keys", "--project", "x", "list"},
                {"keys", "create", "--developer", "alice", "--description", "d"},
                {"keys", "create", "--project", "shop", "--developer", "alice", "--description", "d", "--rate-limit", "fast"},
                {"keys", "create", "--project", "bad/id", "--developer", "alice", "--description", "d"},
                {"keys", "list"}, {"keys", "list", "--project", "shop", "--limit", "500"},
                {"keys", "list", "--project", "shop", "--status", "LOST"},
                {"keys", "get"}, {"keys", "get", "not-a-key-id"}, {"keys", "get", KEY_ID, "extra"},
                {"keys", "get", KEY_ID, "--token", "x"}, {"keys", "get", KEY_ID, "--url", "localhost:1"},
                {"projects", "create"}, {"developers", "get", "a", "b"}, {"projects", "list", "--bogus"}}) {
            CliResult result = cli.run(args);
            assertEquals(2, result.status(), String.join(" ", args) + "\n" + result.describe());
            assertEquals("", result.stdout(), String.join(" ", args));
            assertTrue(result.stderr().startsWith("error: "), result.describe());
            assertTrue(result.stderr().contains("usage: keytrail"), result.describe());
        }
        assertTrue(api.requests().isEmpty(), api.requests().toString());
    }

    @Test
    void everyCommandHasHelpOnStdout() {
        assertHelp(cli.run("--help"), "usage: keytrail <command> <subcommand> [options]");
        assertHelp(cli.run("help"), "usage: keytrail <command>");
        for (Group group : Group.all()) {
            assertHelp(cli.run(group.name(), "--help"), "usage: keytrail " + group.name() + " <subcommand>");
            assertHelp(cli.run(group.name(), "-h"), "usage: keytrail " + group.name() + " <subcommand>");
            for (Verb verb : group.verbs()) {
                String expected = "usage: keytrail " + group.name() + " " + verb.name() + " ";
                assertHelp(cli.run(group.name(), verb.name(), "--help"), expected);
                assertHelp(cli.run(group.name(), verb.name(), "--bogus", "-h"), expected);
                assertHelp(cli.run(group.name(), "help", verb.name()), expected);
            }
        }
        CliResult create = cli.run("keys", "create", "--help");
        assertTrue(create.stdout().contains("--import"), create.stdout());
        assertTrue(create.stdout().contains("exit status:"), create.stdout());
        assertTrue(api.requests().isEmpty());
    }

    private static void assertHelp(CliResult result, String start) {
        assertEquals(0, result.status(), result.describe());
        assertTrue(result.stdout().startsWith(start), result.describe());
        assertEquals("", result.stderr(), result.describe());
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandToo() {
        api.answer("GET", "/admin/keys/" + KEY_ID, 200, KEY_JSON);
        CliResult result = cli.without("KEYTRAIL_ADMIN_URL").run("keys", "--url", api.url(), "--json", "get", KEY_ID);
        assertEquals(0, result.status(), result.describe());
        assertEquals(KEY_JSON + "\n", result.stdout());
        assertNull(api.onlyRequest().query());
    }
}

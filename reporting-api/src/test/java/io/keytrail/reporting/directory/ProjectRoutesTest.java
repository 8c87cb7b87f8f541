package io.keytrail.reporting.directory;

import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.support.KeyRows;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestApiExtension.class)
class ProjectRoutesTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void createsAProjectAndAnswersItWithItsLocation() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> response = create("{\"id\":\"billing\",\"name\":\"Billing\",\"description\":\"Invoices\"}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("/admin/projects/billing", response.headers().firstValue("Location").orElse(""));
        JsonNode body = json(response);
        assertEquals(5, body.size(), response.body());
        assertEquals("billing", body.path("id").asText());
        assertEquals("Billing", body.path("name").asText());
        assertEquals("Invoices", body.path("description").asText());
        Instant createdAt = Instant.parse(body.path("createdAt").asText());
        assertFalse(createdAt.isBefore(before));
        assertFalse(createdAt.isAfter(Instant.now()));
        assertEquals(createdAt, Instant.parse(body.path("updatedAt").asText()));
        assertEquals(body, json(api.get("/admin/projects/billing")));
    }

    @Test
    void theNameDefaultsToTheIdAndTheDescriptionToEmpty() {
        JsonNode body = json(create("{\"id\":\"shop.v2\"}"));

        assertEquals("shop.v2", body.path("name").asText());
        assertEquals("", body.path("description").asText());
    }

    @Test
    void theLongestValuesTheRulesAllowAreAccepted() {
        String id = "p".repeat(64);
        HttpResponse<String> response = create("{\"id\":\"" + id + "\",\"name\":\"" + "n".repeat(128)
                + "\",\"description\":\"" + "d".repeat(1024) + "\"}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(1024, json(api.get("/admin/projects/" + id)).path("description").asText().length());
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() throws InterruptedException {
        JsonNode created = json(create("{\"id\":\"billing\",\"name\":\"Billing\",\"description\":\"Invoices\"}"));
        Instant createdAt = Instant.parse(created.path("createdAt").asText());
        waitPast(createdAt);

        HttpResponse<String> renamed = patch("billing", "{\"name\":\"Billing & Payments\"}");

        assertEquals(200, renamed.statusCode(), renamed.body());
        JsonNode body = json(renamed);
        assertEquals("Billing & Payments", body.path("name").asText());
        assertEquals("Invoices", body.path("description").asText());
        assertEquals(createdAt, Instant.parse(body.path("createdAt").asText()));
        assertTrue(Instant.parse(body.path("updatedAt").asText()).isAfter(createdAt), renamed.body());
        assertEquals(body, json(api.get("/admin/projects/billing")));

        JsonNode cleared = json(patch("billing", "{\"description\":\"\",\"name\":\"B\"}"));
        assertEquals("", cleared.path("description").asText());
        assertEquals("B", cleared.path("name").asText());
    }

    @Test
    void aDeletedProjectIsGoneButItsRowAndIdStay() {
        create("{\"id\":\"billing\"}");

        HttpResponse<String> deleted = delete("billing", TOKEN);

        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());
        assertTrue(assertError(api.get("/admin/projects/billing"), 404, "NOT_FOUND").contains("billing"));
        assertError(patch("billing", "{\"name\":\"x\"}"), 404, "NOT_FOUND");
        assertError(delete("billing", TOKEN), 404, "NOT_FOUND");
        assertFalse(listedIds("/admin/projects").contains("billing"));
        assertNotNull(api.jdbi().withHandle(h -> h.createQuery(
                "SELECT deleted_at FROM projects WHERE project_id = 'billing'").mapTo(Instant.class).one()));

        String message = assertError(create("{\"id\":\"billing\"}"), 409, "CONFLICT");
        assertTrue(message.contains("billing") && message.contains("deleted"), message);
    }

    @Test
    void deletingIsRefusedWhileTheProjectHasActiveKeys() {
        create("{\"id\":\"billing\"}");
        api.send("POST", "/admin/developers", "{\"id\":\"carol\"}", TOKEN);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa1", "billing", "carol", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa2", "billing", "carol", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa3", "billing", "carol", KeyStatus.REVOKED);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa4", "billing", "carol", KeyStatus.EXPIRED);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa5", "billing", "carol", KeyStatus.DELETED);
        KeyRows.insert(api.jdbi(), "key_aaaaaaaaaaaaaaa6", "mobile", "carol", KeyStatus.ACTIVE);
        List<String> before = DirectoryTables.rows(api.jdbi(), "projects");

        String message = assertError(delete("billing", TOKEN), 409, "CONFLICT");

        assertTrue(message.contains("billing") && message.contains("2 active keys"), message);
        assertEquals(before, DirectoryTables.rows(api.jdbi(), "projects"));
        KeyRows.revoke(api.jdbi(), "key_aaaaaaaaaaaaaaa1");
        message = assertError(delete("billing", TOKEN), 409, "CONFLICT");
        assertTrue(message.contains("1 active key;"), message);

        KeyRows.revoke(api.jdbi(), "key_aaaaaaaaaaaaaaa2");

        assertEquals(204, delete("billing", TOKEN).statusCode());
        assertError(api.get("/admin/projects/billing"), 404, "NOT_FOUND");
    }

    @Test
    void listsLiveProjectsOrderedById() {
        for (String id : List.of("zeta", "Alpha", "beta", "0-first", "gone")) {
            create("{\"id\":\"" + id + "\"}");
        }
        delete("gone", TOKEN);

        List<String> listed = listedIds("/admin/projects");

        List<String> expected = new ArrayList<>(TestApi.PROJECTS);
        expected.addAll(List.of("zeta", "Alpha", "beta", "0-first"));
        expected.sort(null);
        assertEquals(expected, listed);
    }

    @Test
    void pagesWalkEveryProjectOnceInIdOrder() {
        DirectoryTables.deleteAll(api.jdbi(), "projects");
        List<String> ids = List.of("p5", "p2", "p7", "p1", "p4", "p6", "p3");
        ids.forEach(id -> assertEquals(201, create("{\"id\":\"" + id + "\"}").statusCode()));

        JsonNode first = json(api.get("/admin/projects?limit=3"));
        JsonNode second = json(api.get("/admin/projects?limit=3&cursor=" + first.path("nextCursor").asText()));
        JsonNode third = json(api.get("/admin/projects?cursor=" + second.path("nextCursor").asText() + "&limit=3"));

        assertEquals(List.of("p1", "p2", "p3"), DirectoryTables.ids(first));
        assertEquals(List.of("p4", "p5", "p6"), DirectoryTables.ids(second));
        assertEquals(List.of("p7"), DirectoryTables.ids(third));
        assertTrue(first.path("nextCursor").isTextual() && second.path("nextCursor").isTextual());
        assertFalse(third.has("nextCursor"), third.toString());
        JsonNode exact = json(api.get("/admin/projects?limit=7"));
        assertEquals(7, exact.path("items").size());
        assertFalse(exact.has("nextCursor"), "a page that ends the list has no nextCursor");
        assertEquals(7, json(api.get("/admin/projects")).path("items").size());
        assertEquals(5, exact.path("items").get(0).size(), "list items are whole projects");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                              | id is required",
            "{\"name\":\"Billing\"}                          | id is required",
            "{\"id\":\"\"}                                   | id must be 1 to 64",
            "{\"id\":\"bad id\"}                             | id must be 1 to 64",
            "{\"id\":\"bad/id\"}                             | id must be 1 to 64",
            "{\"id\":\"ok\",\"name\":\"\"}                   | name must not be blank",
            "{\"id\":\"ok\",\"name\":\"   \"}                | name must not be blank",
            "{\"id\":\"ok\",\"name\":\"a\\u0007b\"}          | name must not contain control characters",
            "{\"id\":\"ok\",\"description\":\"a\\nb\"}       | description must not contain control characters",
            "{\"id\":\"ok\",\"owner\":\"x\"}                 | unknown field 'owner'",
            "{\"id\":5}                                      | field 'id' has the wrong type",
            "{\"id\":\"ok\",\"name\":true}                   | field 'name' has the wrong type",
            "{\"id\":\"ok\",\"description\":[]}              | field 'description' has the wrong type",
            "{\"id\":\"ok\",\"id\":\"ok2\"}                  | Duplicate field 'id'",
            "[]                                              | must be a JSON object",
            "null                                            | must be a JSON object",
            "not json                                        | malformed JSON",
    })
    void creationRefusesBadInputNamingTheField(String body, String expected) {
        assertRefused(() -> create(body), 400, "BAD_REQUEST", expected);
    }

    @Test
    void creationRefusesOverlongValues() {
        assertRefused(() -> create("{\"id\":\"" + "p".repeat(65) + "\"}"), 400, "BAD_REQUEST", "id must be 1 to 64");
        assertRefused(() -> create("{\"id\":\"ok\",\"name\":\"" + "n".repeat(129) + "\"}"), 400, "BAD_REQUEST",
                "name must be at most 128 characters");
        assertRefused(() -> create("{\"id\":\"ok\",\"description\":\"" + "d".repeat(1025) + "\"}"), 400, "BAD_REQUEST",
                "description must be at most 1024 characters");
    }

    @Test
    void creationRefusesATakenId() {
        create("{\"id\":\"billing\",\"name\":\"Billing\"}");

        assertRefused(() -> create("{\"id\":\"billing\",\"name\":\"Other\"}"), 409, "CONFLICT", "project billing already exists");
        assertEquals("Billing", json(api.get("/admin/projects/billing")).path("name").asText());
    }

    @Test
    void creationRefusesOtherMediaTypesAndOversizedBodies() {
        assertRefused(() -> api.send("POST", "/admin/projects", "{\"id\":\"ok\"}", TOKEN, "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
        String huge = "{\"id\":\"ok\",\"description\":\"" + "d".repeat(TestApi.MAX_REQUEST_BYTES) + "\"}";
        assertRefused(() -> create(huge), 413, "PAYLOAD_TOO_LARGE", "exceeds");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                               | at least one field",
            "{\"id\":\"other\"}               | unknown field 'id'",
            "{\"name\":\"x\",\"owner\":1}     | unknown field 'owner'",
            "{\"name\":null}                  | name cannot be null",
            "{\"description\":null}           | description cannot be null",
            "{\"name\":\"\"}                  | name must not be blank",
            "{\"name\":\" \"}                 | name must not be blank",
            "{\"name\":5}                     | field 'name' has the wrong type",
            "{\"description\":{}}             | field 'description' has the wrong type",
            "{\"name\":\"a\\u0000b\"}         | name must not contain control characters",
            "{\"description\":\"a\\tb\"}      | description must not contain control characters",
            "{\"name\":\"a\",\"name\":\"b\"}  | Duplicate field 'name'",
            "[]                               | must be a JSON object",
            "\"name\"                         | must be a JSON object",
    })
    void patchRefusesBadInputNamingTheField(String body, String expected) {
        create("{\"id\":\"billing\",\"name\":\"Billing\",\"description\":\"Invoices\"}");

        assertRefused(() -> patch("billing", body), 400, "BAD_REQUEST", expected);
    }

    @Test
    void patchRefusesOverlongValues() {
        create("{\"id\":\"billing\"}");

        assertRefused(() -> patch("billing", "{\"name\":\"" + "n".repeat(129) + "\"}"), 400, "BAD_REQUEST",
                "name must be at most 128 characters");
        assertRefused(() -> patch("billing", "{\"description\":\"" + "d".repeat(1025) + "\"}"), 400, "BAD_REQUEST",
                "description must be at most 1024 characters");
    }

    @Test
    void anUnknownProjectIsNotFound() {
        assertRefused(() -> api.get("/admin/projects/nope"), 404, "NOT_FOUND", "no project nope");
        assertRefused(() -> patch("nope", "{\"name\":\"x\"}"), 404, "NOT_FOUND", "no project nope");
        assertRefused(() -> delete("nope", TOKEN), 404, "NOT_FOUND", "no project nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20id", "a*b", "%C3%A9t%C3%A9", "a%2Fb"})
    void aBadProjectIdInThePathIsABadRequest(String id) {
        assertRefused(() -> api.get("/admin/projects/" + id), 400, "BAD_REQUEST", "project must be 1 to 64");
        assertRefused(() -> patch(id, "{\"name\":\"x\"}"), 400, "BAD_REQUEST", "project must be 1 to 64");
        assertRefused(() -> delete(id, TOKEN), 400, "BAD_REQUEST", "project must be 1 to 64");
        assertRefused(() -> api.get("/admin/projects/" + "p".repeat(65)), 400, "BAD_REQUEST", "project must be 1 to 64");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0           | limit must be a whole number from 1 to 200",
            "limit=201         | limit must be a whole number from 1 to 200",
            "limit=abc         | limit must be a whole number from 1 to 200",
            "limit=-1          | limit must be a whole number from 1 to 200",
            "limit=1&limit=2   | limit must be given at most once",
            "cursor=!!!        | cursor must be a nextCursor value",
            "cursor=           | cursor must be a nextCursor value",
            "sort=id           | unknown query parameter 'sort'",
            "project=mobile    | unknown query parameter 'project'",
    })
    void listingRefusesBadQueryParameters(String query, String expected) {
        assertRefused(() -> api.get("/admin/projects?" + query), 400, "BAD_REQUEST", expected);
    }

    @Test
    void listingRefusesCursorsItDidNotMake() {
        // A keys-list cursor carries a creation time; an id-ordered list never makes one.
        String keysCursor = encode(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli() + ":key_aaaaaaaaaaaaaaaa");
        String badId = encode("0:bad id");

        assertRefused(() -> api.get("/admin/projects?cursor=" + keysCursor), 400, "BAD_REQUEST", "cursor");
        assertRefused(() -> api.get("/admin/projects?cursor=" + badId), 400, "BAD_REQUEST", "cursor");
        assertEquals(200, api.get("/admin/projects?cursor=" + encode("0:a")).statusCode());
    }

    @Test
    void everyRouteNeedsTheAdminToken() {
        create("{\"id\":\"billing\"}");
        List<String> before = DirectoryTables.rows(api.jdbi(), "projects");

        for (String token : new String[] {null, TOKEN + "x", ""}) {
            assertError(api.send("POST", "/admin/projects", "{\"id\":\"other\"}", token), 401, "UNAUTHORIZED");
            assertError(api.send("GET", "/admin/projects", null, token), 401, "UNAUTHORIZED");
            assertError(api.send("GET", "/admin/projects/billing", null, token), 401, "UNAUTHORIZED");
            assertError(api.send("PATCH", "/admin/projects/billing", "{\"name\":\"x\"}", token), 401, "UNAUTHORIZED");
            assertError(delete("billing", token), 401, "UNAUTHORIZED");
        }

        assertEquals(before, DirectoryTables.rows(api.jdbi(), "projects"));
        // A malformed body without a token is refused for the token, not for the body.
        assertError(api.send("POST", "/admin/projects", "not json", null), 401, "UNAUTHORIZED");
    }

    @Test
    void otherMethodsAreNotAllowed() {
        assertError(api.send("PUT", "/admin/projects/billing", "{}", TOKEN), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("DELETE", "/admin/projects", null, TOKEN), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("PATCH", "/admin/projects", "{}", TOKEN), 405, "METHOD_NOT_ALLOWED");
    }

    /** Asserts the error and that the refusal left the projects table exactly as it was. */
    private void assertRefused(Supplier<HttpResponse<String>> request, int status, String code, String expected) {
        List<String> before = DirectoryTables.rows(api.jdbi(), "projects");
        String message = assertError(request.get(), status, code);
        assertTrue(message.contains(expected), () -> "'" + message + "' does not say '" + expected + "'");
        assertEquals(before, DirectoryTables.rows(api.jdbi(), "projects"));
    }

    private HttpResponse<String> create(String body) {
        return api.send("POST", "/admin/projects", body, TOKEN);
    }

    private HttpResponse<String> patch(String id, String body) {
        return api.send("PATCH", "/admin/projects/" + id, body, TOKEN);
    }

    private HttpResponse<String> delete(String id, String token) {
        return api.send("DELETE", "/admin/projects/" + id, null, token);
    }

    private List<String> listedIds(String path) {
        return DirectoryTables.ids(json(api.get(path + "?limit=200")));
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the clock has moved past {@code instant} at millisecond precision. */
    static void waitPast(Instant instant) throws InterruptedException {
        while (!Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(instant)) {
            Thread.sleep(1);
        }
    }
}

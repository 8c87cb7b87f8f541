package io.keytrail.reporting.directory;

import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.assertError;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
class DeveloperRoutesTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void createsADeveloperAndAnswersItWithItsLocation() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> response = create("{\"id\":\"carol\",\"name\":\"Carol Q.\",\"email\":\"carol@example.com\"}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("/admin/developers/carol", response.headers().firstValue("Location").orElse(""));
        JsonNode body = json(response);
        assertEquals(5, body.size(), response.body());
        assertEquals("carol", body.path("id").asText());
        assertEquals("Carol Q.", body.path("name").asText());
        assertEquals("carol@example.com", body.path("email").asText());
        Instant createdAt = Instant.parse(body.path("createdAt").asText());
        assertFalse(createdAt.isBefore(before));
        assertFalse(createdAt.isAfter(Instant.now()));
        assertEquals(createdAt, Instant.parse(body.path("updatedAt").asText()));
        assertEquals(body, json(api.get("/admin/developers/carol")));
    }

    @Test
    void withoutAnEmailTheFieldIsAbsentAndTheNameIsTheId() {
        JsonNode body = json(create("{\"id\":\"dave_2\"}"));

        assertEquals("dave_2", body.path("name").asText());
        assertFalse(body.has("email"), body.toString());
        assertEquals(4, body.size(), body.toString());
        assertFalse(json(api.get("/admin/developers/dave_2")).has("email"));
    }

    @Test
    void theLongestValuesTheRulesAllowAreAccepted() {
        String email = "e".repeat(64) + "@" + "x".repeat(186) + ".io";
        assertEquals(254, email.length());

        HttpResponse<String> response = create("{\"id\":\"" + "q".repeat(64) + "\",\"name\":\"" + "n".repeat(128)
                + "\",\"email\":\"" + email + "\"}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(email, json(response).path("email").asText());
    }

    @Test
    void patchSetsKeepsAndClearsTheEmail() throws InterruptedException {
        JsonNode created = json(create("{\"id\":\"carol\",\"name\":\"Carol\",\"email\":\"carol@example.com\"}"));
        Instant createdAt = Instant.parse(created.path("createdAt").asText());
        ProjectRoutesTest.waitPast(createdAt);

        JsonNode renamed = json(patch("carol", "{\"name\":\"Carol Q.\"}"));
        assertEquals("Carol Q.", renamed.path("name").asText());
        assertEquals("carol@example.com", renamed.path("email").asText(), "an absent email stays");
        assertEquals(createdAt, Instant.parse(renamed.path("createdAt").asText()));
        assertTrue(Instant.parse(renamed.path("updatedAt").asText()).isAfter(createdAt), renamed.toString());

        JsonNode moved = json(patch("carol", "{\"email\":\"cq@example.org\"}"));
        assertEquals("cq@example.org", moved.path("email").asText());
        assertEquals("Carol Q.", moved.path("name").asText());

        HttpResponse<String> cleared = patch("carol", "{\"email\":null}");
        assertEquals(200, cleared.statusCode(), cleared.body());
        assertFalse(json(cleared).has("email"), cleared.body());
        assertEquals("Carol Q.", json(cleared).path("name").asText());
        assertEquals(json(cleared), json(api.get("/admin/developers/carol")));
        assertNull(api.jdbi().withHandle(h -> h.createQuery(
                "SELECT email FROM developers WHERE developer_id = 'carol'").mapTo(String.class).one()));
    }

    @Test
    void aDeletedDeveloperIsGoneButItsRowAndIdStay() {
        create("{\"id\":\"carol\"}");

        HttpResponse<String> deleted = delete("carol", TOKEN);

        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());
        assertTrue(assertError(api.get("/admin/developers/carol"), 404, "NOT_FOUND").contains("carol"));
        assertError(patch("carol", "{\"name\":\"x\"}"), 404, "NOT_FOUND");
        assertError(delete("carol", TOKEN), 404, "NOT_FOUND");
        assertFalse(listedIds().contains("carol"));
        assertNotNull(api.jdbi().withHandle(h -> h.createQuery(
                "SELECT deleted_at FROM developers WHERE developer_id = 'carol'").mapTo(Instant.class).one()));

        String message = assertError(create("{\"id\":\"carol\"}"), 409, "CONFLICT");
        assertTrue(message.contains("carol") && message.contains("deleted"), message);
    }

    @Test
    void deletingIsRefusedWhileTheDeveloperHasActiveKeys() {
        create("{\"id\":\"carol\"}");
        KeyRows.insert(api.jdbi(), "key_bbbbbbbbbbbbbbb1", "mobile", "carol", KeyStatus.ACTIVE);
        KeyRows.insert(api.jdbi(), "key_bbbbbbbbbbbbbbb2", "web.v2", "carol", KeyStatus.REVOKED);
        KeyRows.insert(api.jdbi(), "key_bbbbbbbbbbbbbbb3", "mobile", "carol", KeyStatus.DELETED);
        KeyRows.insert(api.jdbi(), "key_bbbbbbbbbbbbbbb4", "mobile", "alice", KeyStatus.ACTIVE);
        List<String> before = DirectoryTables.rows(api.jdbi(), "developers");

        String message = assertError(delete("carol", TOKEN), 409, "CONFLICT");

        assertTrue(message.contains("carol") && message.contains("1 active key;"), message);
        assertEquals(before, DirectoryTables.rows(api.jdbi(), "developers"));

        KeyRows.revoke(api.jdbi(), "key_bbbbbbbbbbbbbbb1");

        assertEquals(204, delete("carol", TOKEN).statusCode());
        assertError(api.get("/admin/developers/carol"), 404, "NOT_FOUND");
    }

    @Test
    void listsLiveDevelopersOrderedById() {
        for (String id : List.of("zoe", "Bob", "carol", "0-first", "gone")) {
            create("{\"id\":\"" + id + "\"}");
        }
        delete("gone", TOKEN);

        List<String> expected = new ArrayList<>(TestApi.DEVELOPERS);
        expected.addAll(List.of("zoe", "Bob", "carol", "0-first"));
        expected.sort(null);
        assertEquals(expected, listedIds());
    }

    @Test
    void pagesWalkEveryDeveloperOnceInIdOrder() {
        DirectoryTables.deleteAll(api.jdbi(), "developers");
        List<String> ids = List.of("d5", "d2", "d7", "d1", "d4", "d6", "d3");
        ids.forEach(id -> assertEquals(201, create("{\"id\":\"" + id + "\",\"email\":\"" + id + "@x.io\"}")
                .statusCode()));

        JsonNode first = json(api.get("/admin/developers?limit=3"));
        JsonNode second = json(api.get("/admin/developers?limit=3&cursor=" + first.path("nextCursor").asText()));
        JsonNode third = json(api.get("/admin/developers?limit=3&cursor=" + second.path("nextCursor").asText()));

        assertEquals(List.of("d1", "d2", "d3"), DirectoryTables.ids(first));
        assertEquals(List.of("d4", "d5", "d6"), DirectoryTables.ids(second));
        assertEquals(List.of("d7"), DirectoryTables.ids(third));
        assertTrue(first.path("nextCursor").isTextual() && second.path("nextCursor").isTextual());
        assertFalse(third.has("nextCursor"), third.toString());
        assertEquals("d1@x.io", first.path("items").get(0).path("email").asText());
        JsonNode exact = json(api.get("/admin/developers?limit=7"));
        assertEquals(7, exact.path("items").size());
        assertFalse(exact.has("nextCursor"), "a page that ends the list has no nextCursor");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                              | id is required",
            "{\"email\":\"a@b.io\"}                          | id is required",
            "{\"id\":\"\"}                                   | id must be 1 to 64",
            "{\"id\":\"bad id\"}                             | id must be 1 to 64",
            "{\"id\":\"ok\",\"name\":\"\"}                   | name must not be blank",
            "{\"id\":\"ok\",\"name\":\"\\t\"}                | name must not be blank",
            "{\"id\":\"ok\",\"name\":\"a\\u001bb\"}          | name must not contain control characters",
            "{\"id\":\"ok\",\"email\":\"\"}                  | email must have one '@'",
            "{\"id\":\"ok\",\"email\":\"carol\"}             | email must have one '@'",
            "{\"id\":\"ok\",\"email\":\"carol@\"}            | email must have one '@'",
            "{\"id\":\"ok\",\"email\":\"@example.com\"}      | email must have one '@'",
            "{\"id\":\"ok\",\"email\":\"a@b@example.com\"}   | email must have one '@'",
            "{\"id\":\"ok\",\"email\":\"car ol@example.com\"} | email must not contain spaces",
            "{\"id\":\"ok\",\"email\":\"carol@exa\\u00a0mple\"} | email must not contain spaces",
            "{\"id\":\"ok\",\"email\":\"carol@ex\\nample\"}  | email must not contain spaces or control characters",
            "{\"id\":\"ok\",\"email\":5}                     | field 'email' has the wrong type",
            "{\"id\":\"ok\",\"project\":\"x\"}               | unknown field 'project'",
            "{\"id\":[\"ok\"]}                               | field 'id' has the wrong type",
            "{\"id\":\"ok\",\"email\":\"a@b\",\"email\":\"c@d\"} | Duplicate field 'email'",
            "[]                                              | must be a JSON object",
            "not json                                        | malformed JSON",
    })
    void creationRefusesBadInputNamingTheField(String body, String expected) {
        assertRefused(() -> create(body), 400, "BAD_REQUEST", expected);
    }

    @Test
    void creationRefusesOverlongValues() {
        assertRefused(() -> create("{\"id\":\"" + "q".repeat(65) + "\"}"), 400, "BAD_REQUEST", "id must be 1 to 64");
        assertRefused(() -> create("{\"id\":\"ok\",\"name\":\"" + "n".repeat(129) + "\"}"), 400, "BAD_REQUEST",
                "name must be at most 128 characters");
        String email = "e".repeat(64) + "@" + "x".repeat(187) + ".io";
        assertRefused(() -> create("{\"id\":\"ok\",\"email\":\"" + email + "\"}"), 400, "BAD_REQUEST",
                "email must be at most 254 characters");
    }

    @Test
    void creationRefusesATakenId() {
        create("{\"id\":\"carol\",\"email\":\"carol@example.com\"}");

        assertRefused(() -> create("{\"id\":\"carol\"}"), 409, "CONFLICT", "developer carol already exists");
        assertRefused(() -> create("{\"id\":\"alice\"}"), 409, "CONFLICT", "developer alice already exists");
        assertEquals("carol@example.com", json(api.get("/admin/developers/carol")).path("email").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                | at least one field",
            "{\"id\":\"other\"}                | unknown field 'id'",
            "{\"description\":\"x\"}           | unknown field 'description'",
            "{\"name\":null}                   | name cannot be null",
            "{\"name\":\"\"}                   | name must not be blank",
            "{\"name\":1.5}                    | field 'name' has the wrong type",
            "{\"name\":\"a\\u007fb\"}          | name must not contain control characters",
            "{\"email\":\"\"}                  | email must have one '@'",
            "{\"email\":\"nobody\"}            | email must have one '@'",
            "{\"email\":\"a b@c.d\"}           | email must not contain spaces",
            "{\"email\":false}                 | field 'email' has the wrong type",
            "{\"email\":null,\"email\":null}   | Duplicate field 'email'",
            "null                              | must be a JSON object",
    })
    void patchRefusesBadInputNamingTheField(String body, String expected) {
        create("{\"id\":\"carol\",\"name\":\"Carol\",\"email\":\"carol@example.com\"}");

        assertRefused(() -> patch("carol", body), 400, "BAD_REQUEST", expected);
    }

    @Test
    void anUnknownDeveloperIsNotFound() {
        assertRefused(() -> api.get("/admin/developers/nobody"), 404, "NOT_FOUND", "no developer nobody");
        assertRefused(() -> patch("nobody", "{\"email\":null}"), 404, "NOT_FOUND", "no developer nobody");
        assertRefused(() -> delete("nobody", TOKEN), 404, "NOT_FOUND", "no developer nobody");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20id", "a*b", "%C3%A9t%C3%A9", "a%2Fb"})
    void aBadDeveloperIdInThePathIsABadRequest(String id) {
        assertRefused(() -> api.get("/admin/developers/" + id), 400, "BAD_REQUEST", "developer must be 1 to 64");
        assertRefused(() -> patch(id, "{\"name\":\"x\"}"), 400, "BAD_REQUEST", "developer must be 1 to 64");
        assertRefused(() -> delete(id, TOKEN), 400, "BAD_REQUEST", "developer must be 1 to 64");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0           | limit must be a whole number from 1 to 200",
            "limit=201         | limit must be a whole number from 1 to 200",
            "limit=abc         | limit must be a whole number from 1 to 200",
            "cursor=%25%25     | cursor must be a nextCursor value",
            "status=ACTIVE     | unknown query parameter 'status'",
    })
    void listingRefusesBadQueryParameters(String query, String expected) {
        assertRefused(() -> api.get("/admin/developers?" + query), 400, "BAD_REQUEST", expected);
    }

    @Test
    void listingRefusesCursorsItDidNotMake() {
        String keysCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1714521600000:key_aaaaaaaaaaaaaaaa".getBytes(StandardCharsets.UTF_8));

        assertRefused(() -> api.get("/admin/developers?cursor=" + keysCursor), 400, "BAD_REQUEST", "cursor");
    }

    @Test
    void everyRouteNeedsTheAdminToken() {
        create("{\"id\":\"carol\"}");
        List<String> before = DirectoryTables.rows(api.jdbi(), "developers");

        for (String token : new String[] {null, TOKEN + "x"}) {
            assertError(api.send("POST", "/admin/developers", "{\"id\":\"dave\"}", token), 401, "UNAUTHORIZED");
            assertError(api.send("GET", "/admin/developers", null, token), 401, "UNAUTHORIZED");
            assertError(api.send("GET", "/admin/developers/carol", null, token), 401, "UNAUTHORIZED");
            assertError(api.send("PATCH", "/admin/developers/carol", "{\"email\":null}", token), 401, "UNAUTHORIZED");
            assertError(delete("carol", token), 401, "UNAUTHORIZED");
        }

        assertEquals(before, DirectoryTables.rows(api.jdbi(), "developers"));
    }

    @Test
    void otherMethodsAreNotAllowed() {
        assertError(api.send("PUT", "/admin/developers/carol", "{}", TOKEN), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("DELETE", "/admin/developers", null, TOKEN), 405, "METHOD_NOT_ALLOWED");
    }

    /** Asserts the error and that the refusal left the developers table exactly as it was. */
    private void assertRefused(Supplier<HttpResponse<String>> request, int status, String code, String expected) {
        List<String> before = DirectoryTables.rows(api.jdbi(), "developers");
        String message = assertError(request.get(), status, code);
        assertTrue(message.contains(expected), () -> "'" + message + "' does not say '" + expected + "'");
        assertEquals(before, DirectoryTables.rows(api.jdbi(), "developers"));
    }

    private HttpResponse<String> create(String body) {
        return api.send("POST", "/admin/developers", body, TOKEN);
    }

    private HttpResponse<String> patch(String id, String body) {
        return api.send("PATCH", "/admin/developers/" + id, body, TOKEN);
    }

    private HttpResponse<String> delete(String id, String token) {
        return api.send("DELETE", "/admin/developers/" + id, null, token);
    }

    private List<String> listedIds() {
        return DirectoryTables.ids(json(api.get("/admin/developers?limit=200")));
    }
}

package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /admin/projects/{project}/keys} and {@code GET /admin/developers/{developer}/keys}. */
@ExtendWith(TestApiExtension.class)
class ListKeysHandlerTest {
    private TestApi api;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
    }

    @Test
    void listsAProjectsKeysOldestFirstWithoutTheirValues() {
        List<JsonNode> created = new ArrayList<>();
        created.add(create("mobile", "alice", "one"));
        created.add(create("mobile", "bob_1", "two"));
        create("web.v2", "alice", "elsewhere");
        created.add(create("mobile", "alice", "three"));

        HttpResponse<String> response = api.get("/admin/projects/mobile/keys");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals(1, body.size(), "no nextCursor on the only page: " + response.body());
        assertEquals(oldestFirst(created), ids(body));
        for (JsonNode item : body.path("items")) {
            assertEquals("mobile", item.path("project").asText());
            assertTrue(item.path("key").isMissingNode(), "a list never carries key values: " + item);
        }
        for (JsonNode key : created) {
            assertFalse(response.body().contains(key.path("key").asText()));
        }
        JsonNode first = body.path("items").get(0);
        JsonNode expected = created.stream().filter(k -> k.path("keyId").equals(first.path("keyId"))).findFirst()
                .orElseThrow().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("key");
        assertEquals(expected, first, "an item is the key as GET /admin/keys/{id} shows it");
        assertEquals(json(api.get("/admin/keys/" + first.path("keyId").asText())), first);
    }

    @Test
    void listsADevelopersKeysAcrossProjects() {
        List<JsonNode> alices = new ArrayList<>();
        alices.add(create("mobile", "alice", "one"));
        create("mobile", "bob_1", "not alice's");
        alices.add(create("web.v2", "alice", "two"));

        JsonNode body = json(api.get("/admin/developers/alice/keys"));

        assertEquals(oldestFirst(alices), ids(body));
        body.path("items").forEach(item -> assertEquals("alice", item.path("developer").asText()));
    }

    @Test
    void filtersByDeveloperWithinAProjectAndByProjectForADeveloper() {
        JsonNode aliceMobile = create("mobile", "alice", "a");
        JsonNode bobMobile = create("mobile", "bob_1", "b");
        JsonNode aliceWeb = create("web.v2", "alice", "c");

        assertEquals(List.of(id(aliceMobile)), ids(json(api.get("/admin/projects/mobile/keys?developer=alice"))));
        assertEquals(List.of(id(bobMobile)), ids(json(api.get("/admin/projects/mobile/keys?developer=bob_1"))));
        assertEquals(List.of(id(aliceWeb)), ids(json(api.get("/admin/developers/alice/keys?project=web.v2"))));
        assertEquals(List.of(), ids(json(api.get("/admin/developers/bob_1/keys?project=web.v2"))));
        assertEquals(List.of(), ids(json(api.get("/admin/projects/mobile/keys?developer=nobody"))));
    }

    @Test
    void filtersByStatus() {
        JsonNode active = create("mobile", "alice", "active");
        JsonNode revoked = create("mobile", "alice", "revoked");
        JsonNode deleted = create("mobile", "alice", "deleted");
        assertEquals(200, api.send("POST", "/admin/keys/" + id(revoked) + "/revoke", null, TOKEN).statusCode());
        assertEquals(204, api.send("DELETE", "/admin/keys/" + id(deleted), null, TOKEN).statusCode());

        assertEquals(List.of(id(active)), ids(json(api.get("/admin/projects/mobile/keys?status=ACTIVE"))));
        assertEquals(List.of(id(revoked)), ids(json(api.get("/admin/projects/mobile/keys?status=REVOKED"))));
        assertEquals(List.of(id(deleted)), ids(json(api.get("/admin/projects/mobile/keys?status=DELETED"))));
        assertEquals(List.of(), ids(json(api.get("/admin/projects/mobile/keys?status=EXPIRED"))));
        assertEquals(List.of(id(revoked)), ids(json(api.get("/admin/developers/alice/keys?status=REVOKED"))));
        assertEquals(3, ids(json(api.get("/admin/projects/mobile/keys"))).size(), "without a filter, every status");
        assertEquals("DELETED", json(api.get("/admin/projects/mobile/keys?status=DELETED")).path("items").get(0)
                .path("status").asText());
    }

    @Test
    void combinesFilters() {
        JsonNode keep = create("mobile", "alice", "keep");
        JsonNode revoked = create("mobile", "alice", "revoked");
        create("mobile", "bob_1", "bob's");
        create("web.v2", "alice", "other project");
        assertEquals(200, api.send("POST", "/admin/keys/" + id(revoked) + "/revoke", null, TOKEN).statusCode());

        assertEquals(List.of(id(keep)), ids(json(api.get("/admin/projects/mobile/keys?developer=alice&status=ACTIVE"))));
        assertEquals(List.of(id(keep)), ids(json(api.get("/admin/developers/alice/keys?project=mobile&status=ACTIVE"))));
    }

    @Test
    void anEmptyOrUnknownOwnerHasAnEmptyPage() {
        JsonNode body = json(api.get("/admin/projects/mobile/keys"));
        assertEquals(0, body.path("items").size());
        assertTrue(body.path("nextCursor").isMissingNode(), body.toString());
        assertEquals(0, json(api.get("/admin/projects/unknown/keys")).path("items").size());
        assertEquals(0, json(api.get("/admin/developers/unknown/keys")).path("items").size());
    }

    @Test
    void pagesThroughSevenKeysThreeAtATime() {
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("mobile", "alice", "key " + i));
        }
        create("web.v2", "alice", "another project's key");

        JsonNode first = json(api.get("/admin/projects/mobile/keys?limit=3"));
        String cursor1 = first.path("nextCursor").asText(null);
        assertNotNull(cursor1, first.toString());
        JsonNode second = json(api.get("/admin/projects/mobile/keys?limit=3&cursor=" + cursor1));
        String cursor2 = second.path("nextCursor").asText(null);
        assertNotNull(cursor2, second.toString());
        JsonNode third = json(api.get("/admin/projects/mobile/keys?limit=3&cursor=" + cursor2));

        assertEquals(3, first.path("items").size());
        assertEquals(3, second.path("items").size());
        assertEquals(1, third.path("items").size());
        assertTrue(third.path("nextCursor").isMissingNode(), "the last page has no nextCursor: " + third);
        List<String> all = new ArrayList<>();
        all.addAll(ids(first));
        all.addAll(ids(second));
        all.addAll(ids(third));
        assertEquals(7, new HashSet<>(all).size(), "no duplicates: " + all);
        assertEquals(oldestFirst(created), all, "no gaps, oldest first");
        assertEquals(json(api.get("/admin/projects/mobile/keys?limit=3&cursor=" + cursor1)), second,
                "a cursor gives the same page again");
    }

    @Test
    void aPageExactlyAsLongAsWhatIsLeftEndsTheList() {
        for (int i = 0; i < 4; i++) {
            create("mobile", "alice", "key " + i);
        }
        JsonNode first = json(api.get("/admin/projects/mobile/keys?limit=2"));
        JsonNode second = json(api.get("/admin/projects/mobile/keys?limit=2&cursor=" + first.path("nextCursor").asText()));
        JsonNode all = json(api.get("/admin/projects/mobile/keys?limit=4"));

        assertEquals(2, second.path("items").size());
        assertTrue(second.path("nextCursor").isMissingNode(), second.toString());
        assertTrue(all.path("nextCursor").isMissingNode(), all.toString());
        assertEquals(4, all.path("items").size());
    }

    @Test
    void pagesADevelopersKeysWithFilters() {
        List<JsonNode> mobile = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mobile.add(create("mobile", "alice", "m" + i));
            create("web.v2", "alice", "w" + i);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(api.get("/admin/developers/alice/keys?project=mobile&status=ACTIVE&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            seen.addAll(ids(page));
            cursor = page.path("nextCursor").asText(null);
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(3, pages);
        assertEquals(oldestFirst(mobile), seen);
    }

    @Test
    void keysCreatedInTheSameMillisecondArePagedByIdWithoutLossOrRepeat() {
        Instant same = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        for (String suffix : List.of("e", "a", "d", "b", "c")) {
            String keyId = "key_000000000000000" + suffix;
            ids.add(keyId);
            ApiKeyRow row = new ApiKeyRow(keyId, "mobile", "alice", "same instant", KeyHashing.sha256Hex(keyId),
                    "same", KeyStatus.ACTIVE, same, same, null, "", null, null, null, null, null, null, false, 1);
            api.jdbi().useExtension(ApiKeyDao.class, dao -> dao.insert(row));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            JsonNode body = json(api.get("/admin/projects/mobile/keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            seen.addAll(ids(body));
            cursor = body.path("nextCursor").asText(null);
        }

        assertEquals(null, cursor);
        assertEquals(ids.stream().sorted().toList(), seen);
    }

    @Test
    void aKeyRevokedWhilePagingIsStillListedOnceWithoutAStatusFilter() {
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(create("mobile", "alice", "key " + i));
        }
        List<String> order = oldestFirst(created);
        JsonNode first = json(api.get("/admin/projects/mobile/keys?limit=2"));
        assertEquals(200, api.send("POST", "/admin/keys/" + order.get(0) + "/revoke", null, TOKEN).statusCode());
        assertEquals(204, api.send("DELETE", "/admin/keys/" + order.get(3), null, TOKEN).statusCode());

        JsonNode second = json(api.get("/admin/projects/mobile/keys?limit=2&cursor=" + first.path("nextCursor").asText()));

        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        assertEquals(order, all);
    }

    @Test
    void theDefaultLimitIsFiftyAndTheMaximumTwoHundred() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 201; i++) {
            String keyId = "key_" + String.format("%016d", i);
            Instant at = base.plusMillis(i);
            ApiKeyRow row = new ApiKeyRow(keyId, "mobile", "alice", "bulk", KeyHashing.sha256Hex(keyId), "bulk",
                    KeyStatus.ACTIVE, at, at, null, "", null, null, null, null, null, null, false, 1);
            api.jdbi().useExtension(ApiKeyDao.class, dao -> dao.insert(row));
        }

        JsonNode byDefault = json(api.get("/admin/projects/mobile/keys"));
        JsonNode most = json(api.get("/admin/projects/mobile/keys?limit=200"));
        JsonNode rest = json(api.get("/admin/projects/mobile/keys?limit=200&cursor=" + most.path("nextCursor").asText()));

        assertEquals(50, byDefault.path("items").size());
        assertTrue(byDefault.path("nextCursor").isTextual());
        assertEquals(200, most.path("items").size());
        assertEquals(List.of("key_0000000000000200"), ids(rest));
        assertTrue(rest.path("nextCursor").isMissingNode());
    }

    @Test
    void aCursorFromAnotherListOnlyMovesThePosition() {
        for (int i = 0; i < 3; i++) {
            create("mobile", "alice", "m" + i);
        }
        String cursor = json(api.get("/admin/projects/mobile/keys?limit=1")).path("nextCursor").asText();

        HttpResponse<String> response = api.get("/admin/developers/bob_1/keys?cursor=" + cursor);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, json(response).path("items").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "abc", "", "1.5", "50x", "99999999999", "%20%205"})
    void aBadLimitIsABadRequest(String limit) {
        create("mobile", "alice", "one");

        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?limit=" + limit), 400, "BAD_REQUEST", "limit");
        assertRefused(api, () -> api.get("/admin/developers/alice/keys?limit=" + limit), 400, "BAD_REQUEST", "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "%21%21%21", "", "bm9jb2xvbg", "MTIzOg", "OmtleV8x", "YWJjOmtleV8x"})
    void aBadCursorIsABadRequest(String cursor) {
        // bm9jb2xvbg = "nocolon", MTIzOg = "123:", OmtleV8x = ":key_1", YWJjOmtleV8x = "abc:key_1"
        create("mobile", "alice", "one");

        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?cursor=" + cursor), 400, "BAD_REQUEST",
                "cursor");
    }

    @Test
    void anOverlongCursorIsABadRequest() {
        String plain = "1:" + "k".repeat(300);
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?cursor=" + cursor), 400, "BAD_REQUEST", "cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807:key_0000000000000000", "-9223372036854775808:key_0000000000000000",
            "0:x", "1:\u00e9", "1:' OR 1=1 --"})
    void aForgedCursorIsNeverAnInternalError(String plain) {
        create("mobile", "alice", "one");
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = api.get("/admin/projects/mobile/keys?cursor=" + cursor);

        if (response.statusCode() != 200) {
            assertRefused(api, () -> api.get("/admin/projects/mobile/keys?cursor=" + cursor), 400, "BAD_REQUEST",
                    "cursor");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"253402300800000:key_0000000000000000", "-62135596800001:key_0000000000000000",
            "9223372036854775807:key_0000000000000000", "1:key_\u0000", "1:key_\n"})
    void aCursorNoDatabaseCouldHaveMadeIsABadRequest(String plain) {
        // Years beyond 1 to 9999, which PostgreSQL does not store all of, and control characters (NUL it refuses).
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?cursor=" + cursor), 400, "BAD_REQUEST", "cursor");
        String lastMoment = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "253402300799999:key_0000000000000000".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, api.get("/admin/projects/mobile/keys?cursor=" + lastMoment).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=active", "status=Revoked"})
    void theStatusIsReadWithoutRegardToCase(String query) {
        create("mobile", "alice", "one");

        assertEquals(200, api.get("/admin/projects/mobile/keys?" + query).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=GONE", "status=", "status=ACTIVE,REVOKED"})
    void anUnknownStatusIsABadRequest(String query) {
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?" + query), 400, "BAD_REQUEST", "status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sort=createdAt", "offset=10", "page=2", "Status=ACTIVE", "projects=mobile", "q=x"})
    void anUnknownQueryParameterIsABadRequest(String query) {
        String name = query.substring(0, query.indexOf('='));

        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?" + query), 400, "BAD_REQUEST", name);
        assertRefused(api, () -> api.get("/admin/developers/alice/keys?" + query), 400, "BAD_REQUEST", name);
    }

    @Test
    void theOtherRoutesFilterIsUnknownOnEachRoute() {
        // The project route filters by developer, the developer route by project: not the other way round.
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?project=web.v2"), 400, "BAD_REQUEST",
                "project");
        assertRefused(api, () -> api.get("/admin/developers/alice/keys?developer=bob_1"), 400, "BAD_REQUEST",
                "developer");
    }

    @Test
    void aSecondProjectOnTheProjectRouteIsABadRequestEvenIfItIsTheSame() {
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?project=mobile"), 400, "BAD_REQUEST", "project");
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?project="), 400, "BAD_REQUEST", "project");
        assertRefused(api, () -> api.get("/admin/developers/alice/keys?developer=alice"), 400, "BAD_REQUEST",
                "developer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=2&limit=3", "status=ACTIVE&status=REVOKED", "developer=alice&developer=bob_1"})
    void aRepeatedParameterIsABadRequest(String query) {
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?" + query), 400, "BAD_REQUEST",
                query.substring(0, query.indexOf('=')));
    }

    @ParameterizedTest
    @ValueSource(strings = {"developer=bad%20id", "developer=" + "d" + "123456789012345678901234567890123456789012345678901234567890123x"})
    void aMalformedFilterIdIsABadRequest(String query) {
        assertRefused(api, () -> api.get("/admin/projects/mobile/keys?" + query), 400, "BAD_REQUEST", "developer");
    }

    @Test
    void aMalformedOwnerIdIsABadRequest() {
        assertRefused(api, () -> api.get("/admin/projects/bad%20id/keys"), 400, "BAD_REQUEST", "project");
        assertRefused(api, () -> api.get("/admin/developers/" + "x".repeat(65) + "/keys"), 400, "BAD_REQUEST",
                "developer");
    }

    @Test
    void aWrongOrMissingTokenIsUnauthorized() {
        create("mobile", "alice", "one");

        for (String path : List.of("/admin/projects/mobile/keys", "/admin/developers/alice/keys")) {
            assertRefused(api, () -> api.send("GET", path, null, TOKEN + "x"), 401, "UNAUTHORIZED");
            assertRefused(api, () -> api.send("GET", path, null, null), 401, "UNAUTHORIZED");
            assertRefused(api, () -> api.send("GET", path, null, TOKEN.substring(1)), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void theParameterNamesAreNotEchoedBeyondALimit() {
        String name = "x".repeat(500);

        String message = assertRefused(api, () -> api.get("/admin/projects/mobile/keys?" + name + "=1"), 400,
                "BAD_REQUEST");

        assertTrue(message.length() < 200, message);
    }

    @Test
    void aCursorWithAnEncodedSpaceOrPlusRoundTrips() {
        // A cursor is URL-safe base64: it needs no escaping, and escaping it anyway still works.
        for (int i = 0; i < 3; i++) {
            create("mobile", "alice", "k" + i);
        }
        String cursor = json(api.get("/admin/projects/mobile/keys?limit=1")).path("nextCursor").asText();
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);

        JsonNode plain = json(api.get("/admin/projects/mobile/keys?limit=1&cursor=" + cursor));
        JsonNode encoded = json(api.get("/admin/projects/mobile/keys?limit=1&cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));

        assertEquals(plain, encoded);
    }

    private JsonNode create(String project, String developer, String description) {
        HttpResponse<String> response = api.createKey(project,
                "{\"developer\":\"" + developer + "\",\"description\":\"" + description + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return json(response);
    }

    private static String id(JsonNode key) {
        return key.path("keyId").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("keyId").asText()));
        return ids;
    }

    /** The ids in the list's order: by creation time, then by id. */
    private static List<String> oldestFirst(List<JsonNode> keys) {
        return keys.stream()
                .sorted(Comparator.comparing((JsonNode k) -> Instant.parse(k.path("createdAt").asText()))
                        .thenComparing(k -> k.path("keyId").asText()))
                .map(ListKeysHandlerTest::id).toList();
    }
}

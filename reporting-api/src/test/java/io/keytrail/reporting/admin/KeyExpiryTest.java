package io.keytrail.reporting.admin;

import static io.keytrail.reporting.admin.KeyTables.assertRefused;
import static io.keytrail.reporting.support.TestApi.TOKEN;
import static io.keytrail.reporting.support.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.support.Await;
import io.keytrail.reporting.support.TestApi;
import io.keytrail.reporting.support.TestApiExtension;
import io.keytrail.reporting.outbox.OutboxSignal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link KeyManager#recordExpiries}: active keys past their {@code expiresAt} become {@code EXPIRED},
 * by actor {@code system}. Keys are created through the API; the expiry is recorded by a manager
 * over the same database whose clock the test moves, so no test waits for time to pass.
 */
@ExtendWith(TestApiExtension.class)
class KeyExpiryTest {
    private TestApi api;
    private KeyTables.MutableClock clock;
    private KeyManager manager;
    private Instant inAnHour;

    @BeforeEach
    void start(TestApi api) {
        this.api = api;
        clock = new KeyTables.MutableClock(Instant.now());
        manager = new KeyManager(api.jdbi(), api.vault(), api.topics(), clock, new OutboxSignal());
        inAnHour = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void recordsTheExpiryOfAKeyPastItsExpiresAt() {
        Instant expiresAt = inAnHour();
        JsonNode created = create(expiresAt);
        String keyId = id(created);
        String key = created.path("key").asText();
        Instant sweptAt = expiresAt.plusSeconds(1);
        clock.set(sweptAt);

        assertEquals(1, manager.recordExpiries(100));

        JsonNode shown = json(api.get("/admin/keys/" + keyId));
        assertEquals("EXPIRED", shown.path("status").asText());
        assertEquals(2, shown.path("version").asLong());
        assertEquals(sweptAt, Instant.parse(shown.path("updatedAt").asText()));
        assertEquals(expiresAt, Instant.parse(shown.path("expiresAt").asText()), "the expiry itself stays");
        ApiKeyRow row = KeyTables.row(api.jdbi(), keyId);
        assertEquals(KeyStatus.EXPIRED, row.status());
        assertTrue(KeyTables.sealedKey(api.jdbi(), keyId).isPresent(), "an expired key is not deleted");

        List<KeyLifecycleEvent> events = KeyTables.events(api, keyId);
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.EXPIRED),
                events.stream().map(KeyLifecycleEvent::type).toList());
        KeyLifecycleEvent expired = events.get(1);
        assertEquals("system", expired.actor());
        assertEquals(KeyLifecycleEvent.SYSTEM, expired.actor());
        assertEquals(sweptAt, expired.time());
        assertEquals(keyId, expired.keyId());
        assertEquals("mobile", expired.projectId());
        assertEquals("alice", expired.developerId());
        assertNull(expired.relatedKeyId());

        assertEquals(new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, KeyHashing.sha256Hex(key), key.substring(0, 4),
                "mobile", "alice", KeyStatus.EXPIRED, Instant.parse(created.path("createdAt").asText()), expiresAt,
                List.of(), 2, null, null), KeyTables.lastRecord(api, keyId));
        assertEquals(2, KeyTables.records(api, keyId).size());
    }

    @Test
    void aSecondRoundRecordsNothingMore() {
        Instant expiresAt = inAnHour();
        create(expiresAt);
        clock.set(expiresAt.plusSeconds(1));
        assertEquals(1, manager.recordExpiries(100));
        KeyTables.Snapshot after = KeyTables.snapshot(api.jdbi());

        clock.advance(Duration.ofDays(1));

        assertEquals(0, manager.recordExpiries(100));
        assertEquals(after, KeyTables.snapshot(api.jdbi()));
    }

    @Test
    void aKeyIsDueFromItsExpiryInstantOnAndNotBefore() {
        Instant expiresAt = inAnHour();
        String keyId = id(create(expiresAt));
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());

        clock.set(expiresAt.minusMillis(1));
        assertEquals(0, manager.recordExpiries(100));
        assertEquals(before, KeyTables.snapshot(api.jdbi()), "not yet due: nothing written");

        clock.set(expiresAt);
        assertEquals(1, manager.recordExpiries(100));
        assertEquals(KeyStatus.EXPIRED, KeyTables.row(api.jdbi(), keyId).status());
    }

    @Test
    void aKeyWithoutExpiryIsUntouched() {
        String forever = id(create(null));
        String expiring = id(create(inAnHour()));
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());
        clock.set(Instant.parse("2999-01-01T00:00:00Z"));

        assertEquals(1, manager.recordExpiries(100));

        KeyTables.Snapshot after = KeyTables.snapshot(api.jdbi());
        assertEquals(row(before, forever), row(after, forever));
        assertEquals(KeyStatus.ACTIVE, KeyTables.row(api.jdbi(), forever).status());
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED), KeyTables.eventTypes(api, forever));
        assertEquals(1, KeyTables.records(api, forever).size());
        assertEquals(KeyStatus.EXPIRED, KeyTables.row(api.jdbi(), expiring).status());
    }

    @Test
    void revokedAndDeletedKeysAreNotExpired() {
        Instant expiresAt = inAnHour();
        String revoked = id(create(expiresAt));
        String deleted = id(create(expiresAt));
        assertEquals(200, api.send("POST", "/admin/keys/" + revoked + "/revoke", null, TOKEN).statusCode());
        assertEquals(204, api.send("DELETE", "/admin/keys/" + deleted, null, TOKEN).statusCode());
        KeyTables.Snapshot before = KeyTables.snapshot(api.jdbi());
        clock.set(expiresAt.plusSeconds(60));

        assertEquals(0, manager.recordExpiries(100));

        assertEquals(before, KeyTables.snapshot(api.jdbi()));
        assertEquals("REVOKED", json(api.get("/admin/keys/" + revoked)).path("status").asText());
        assertEquals("DELETED", json(api.get("/admin/keys/" + deleted)).path("status").asText());
    }

    @Test
    void recordsAtMostTheLimitSoonestExpiredFirst() {
        Instant base = inAnHour();
        String third = id(create(base.plusSeconds(30)));
        String first = id(create(base.plusSeconds(10)));
        String second = id(create(base.plusSeconds(20)));
        String notYet = id(create(base.plusSeconds(3600)));
        clock.set(base.plusSeconds(60));

        assertEquals(2, manager.recordExpiries(2));
        assertEquals(KeyStatus.EXPIRED, KeyTables.row(api.jdbi(), first).status());
        assertEquals(KeyStatus.EXPIRED, KeyTables.row(api.jdbi(), second).status());
        assertEquals(KeyStatus.ACTIVE, KeyTables.row(api.jdbi(), third).status());

        assertEquals(1, manager.recordExpiries(2));
        assertEquals(KeyStatus.EXPIRED, KeyTables.row(api.jdbi(), third).status());
        assertEquals(0, manager.recordExpiries(2));
        assertEquals(KeyStatus.ACTIVE, KeyTables.row(api.jdbi(), notYet).status());
    }

    @Test
    void anExpiredKeyCanOnlyBeRevealedListedOrDeleted() {
        JsonNode created = create(inAnHour());
        String keyId = id(created);
        clock.set(inAnHour().plusSeconds(60));
        assertEquals(1, manager.recordExpiries(100));

        assertRefused(api, () -> api.send("PATCH", "/admin/keys/" + keyId, "{\"expiresAt\":null}", TOKEN), 409,
                "CONFLICT", keyId, "EXPIRED");
        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TOKEN), 409, "CONFLICT",
                keyId, "EXPIRED");
        assertRefused(api, () -> api.send("POST", "/admin/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":60}",
                TOKEN), 409, "CONFLICT", keyId);

        HttpResponse<String> revealed = api.send("POST", "/admin/keys/" + keyId + "/reveal", null, TOKEN);
        assertEquals(200, revealed.statusCode(), revealed.body());
        assertEquals(created.path("key").asText(), json(revealed).path("key").asText());
        JsonNode listed = json(api.get("/admin/projects/mobile/keys?status=EXPIRED"));
        assertEquals(keyId, listed.path("items").get(0).path("keyId").asText());
        assertEquals(204, api.send("DELETE", "/admin/keys/" + keyId, null, TOKEN).statusCode());
        assertEquals(KeyStatus.DELETED, KeyTables.lastRecord(api, keyId).status());
    }

    @Test
    void theOldKeyOfARotationExpiresAtItsGraceDeadline() {
        String oldId = id(create(null));
        JsonNode rotated = json(api.send("POST", "/admin/keys/" + oldId + "/rotate", "{\"gracePeriodSeconds\":600}",
                TOKEN));
        String newId = rotated.path("newKey").path("keyId").asText();
        Instant deadline = Instant.parse(rotated.path("oldKey").path("expiresAt").asText());

        clock.set(deadline.minusMillis(1));
        assertEquals(0, manager.recordExpiries(100));
        clock.set(deadline);
        assertEquals(1, manager.recordExpiries(100));

        assertEquals("EXPIRED", json(api.get("/admin/keys/" + oldId)).path("status").asText());
        assertEquals("ACTIVE", json(api.get("/admin/keys/" + newId)).path("status").asText());
        assertEquals(KeyLifecycleEvent.Type.EXPIRED, last(KeyTables.events(api, oldId)).type());
        assertEquals(KeyStatus.EXPIRED, KeyTables.lastRecord(api, oldId).status());
    }

    @Test
    void anExpiryMovedLaterByAPatchIsNotRecordedEarly() {
        Instant first = inAnHour();
        String keyId = id(create(first));
        Instant later = first.plus(Duration.ofDays(1));
        assertEquals(200, api.send("PATCH", "/admin/keys/" + keyId, "{\"expiresAt\":\"" + later + "\"}", TOKEN)
                .statusCode());
        clock.set(first.plusSeconds(1));

        assertEquals(0, manager.recordExpiries(100));

        clock.set(later);
        assertEquals(1, manager.recordExpiries(100));
    }

    @Test
    void aKeyWhoseExpiryWasClearedNeverExpires() {
        Instant expiresAt = inAnHour();
        String keyId = id(create(expiresAt));
        assertEquals(200, api.send("PATCH", "/admin/keys/" + keyId, "{\"expiresAt\":null}", TOKEN).statusCode());
        clock.set(expiresAt.plus(Duration.ofDays(3650)));

        assertEquals(0, manager.recordExpiries(100));
        assertEquals(KeyStatus.ACTIVE, KeyTables.row(api.jdbi(), keyId).status());
    }

    @Test
    void theSweeperRecordsExpiriesOnItsOwn() {
        Instant expiresAt = inAnHour();
        String keyId = id(create(expiresAt));
        clock.set(expiresAt.plusSeconds(1));

        try (ExpirySweeper sweeper = new ExpirySweeper(manager, Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), "the sweeper records the expiry",
                    () -> KeyTables.row(api.jdbi(), keyId).status() == KeyStatus.EXPIRED);
        }
        assertEquals(List.of(KeyLifecycleEvent.Type.CREATED, KeyLifecycleEvent.Type.EXPIRED),
                KeyTables.eventTypes(api, keyId), "recorded once, however many rounds ran");
    }

    @Test
    void aSweepRoundThatFailsIsSwallowedForTheNextRound() {
        create(inAnHour());
        clock.set(inAnHour().plus(Duration.ofDays(1)));
        ExpirySweeper sweeper = new ExpirySweeper(manager, Duration.ofHours(1));
        try {
            api.closeDatabase();
            sweeper.sweep(); // must not throw
        } finally {
            sweeper.close();
        }
    }

    @Test
    void aKeyExpiringForRealIsRecordedBySystemTime() throws InterruptedException {
        // One real-time check with the system clock: a key created 1.5 s before its expiry.
        Instant expiresAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        String keyId = id(create(expiresAt));
        KeyManager real = new KeyManager(api.jdbi(), api.vault(), api.topics(), java.time.Clock.systemUTC(),
                new OutboxSignal());
        assertEquals(0, real.recordExpiries(100));

        long wait = Duration.between(Instant.now(), expiresAt).toMillis() + 50;
        if (wait > 0) {
            Thread.sleep(wait);
        }

        assertEquals(1, real.recordExpiries(100));
        assertEquals("EXPIRED", json(api.get("/admin/keys/" + keyId)).path("status").asText());
    }

    // --- helpers ---

    private Instant inAnHour() {
        return inAnHour;
    }

    private JsonNode create(Instant expiresAt) {
        String body = "{\"developer\":\"alice\",\"description\":\"expiring\""
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        HttpResponse<String> response = api.createKey("mobile", body);
        assertEquals(201, response.statusCode(), response.body());
        return json(response);
    }

    private static String id(JsonNode key) {
        return key.path("keyId").asText();
    }

    private static java.util.Map<String, Object> row(KeyTables.Snapshot snapshot, String keyId) {
        return snapshot.keys().stream().filter(r -> keyId.equals(r.get("key_id"))).findFirst().orElseThrow();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}

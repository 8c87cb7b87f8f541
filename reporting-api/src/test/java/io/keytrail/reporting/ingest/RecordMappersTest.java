package io.keytrail.reporting.ingest;

import static io.keytrail.reporting.support.Events.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.UsageWindow;
import io.keytrail.reporting.db.AlertRow;
import io.keytrail.reporting.db.AuditEventRow;
import io.keytrail.reporting.db.KeyEventRow;
import io.keytrail.reporting.db.LastSeenRow;
import io.keytrail.reporting.db.UsageWindowRow;
import io.keytrail.reporting.support.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordMappersTest {
    private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-01-09T10:00:00Z");

    private final AuthEventMapper auth = new AuthEventMapper();
    private final UsageWindowMapper usage = new UsageWindowMapper(false);
    private final UsageWindowMapper keyUsage = new UsageWindowMapper(true);

    @Test
    void anAuthEventBecomesItsRowWithEveryField() {
        RecordCheck check = new RecordCheck(NOW);
        AuditEventRow row = auth.map(json(Events.success("e1", "alice", T0)), check);

        assertEquals(new AuditEventRow("e1", "AUTH_SUCCESS", T0, "req-e1", "gw-1", "orders", "/orders/{id}", "GET",
                "/orders/42", 200, 1200L, 900L, "203.0.113.7", "curl/8.5", "k_alice", "AbCd", "HEADER", "KEY,JWT",
                "alice", "p_shop", null, NOW), row);
        assertFalse(check.clipped());
    }

    @Test
    void aFailureKeepsItsReasonAndItsAbsentFieldsStayNull() {
        AuditEventRow row = auth.map(json(Events.failure("e2", "198.51.100.9", T0)), new RecordCheck(NOW));

        assertEquals("AUTH_FAILURE", row.eventType());
        assertEquals("UNKNOWN_KEY", row.reason());
        assertNull(row.keyId());
        assertNull(row.developerId());
        assertNull(row.upstreamMicros());
        assertEquals("KEY", row.authMethods());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "[1,2,3]", "\"a string\"", "{\"schemaVersion\":1,", "null"})
    void corruptValuesAreRefusedAsCorrupt(String value) {
        assertSkipped(SkipReason.CORRUPT, () -> auth.map(utf8(value), new RecordCheck(NOW)));
    }

    @Test
    void unknownOrAbsentSchemaVersionsAreRefused() {
        assertSkipped(SkipReason.UNKNOWN_SCHEMA_VERSION, () -> auth.map(edited(Events.success("e", "a", T0),
                n -> n.put("schemaVersion", 2)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.UNKNOWN_SCHEMA_VERSION, () -> auth.map(edited(Events.success("e", "a", T0),
                n -> n.remove("schemaVersion")), new RecordCheck(NOW)));
        // A future version whose shape this reader cannot even parse is still "unknown version", not "corrupt".
        assertSkipped(SkipReason.UNKNOWN_SCHEMA_VERSION, () -> auth.map(edited(Events.success("e", "a", T0),
                n -> n.put("schemaVersion", 7).put("time", "yesterday")), new RecordCheck(NOW)));
    }

    @Test
    void missingFieldsAreRefusedNamingTheField() {
        SkippedRecord noId = assertSkipped(SkipReason.MISSING_FIELD, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.remove("eventId")), new RecordCheck(NOW)));
        assertTrue(noId.getMessage().contains("eventId"), noId.getMessage());
        assertSkipped(SkipReason.MISSING_FIELD, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.remove("time")), new RecordCheck(NOW)));
        assertSkipped(SkipReason.MISSING_FIELD, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.put("eventId", " ")), new RecordCheck(NOW)));
    }

    @Test
    void badValuesAreRefusedWithoutQuotingThem() {
        String secretLooking = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        SkippedRecord badEnum = assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.failure("e", "1.2.3.4", T0), n -> n.put("reason", secretLooking)), new RecordCheck(NOW)));
        assertFalse(badEnum.getMessage().contains(secretLooking), badEnum.getMessage());
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.failure("e", "1.2.3.4", T0), n -> n.remove("reason")), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.put("status", -1)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.put("status", "ok")), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(edited(Events.success("e", "a", T0),
                n -> ((ObjectNode) n.get("latency")).put("totalMicros", -5)), new RecordCheck(NOW)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2026-01-11T00:00:01Z", "9999-12-31T00:00:00Z"})
    void absurdTimesAreRefused(String time) {
        assertSkipped(SkipReason.ABSURD_TIME, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.put("time", time)), new RecordCheck(NOW)));
    }

    @Test
    void aClockUpToADayAheadIsBelieved() {
        Instant ahead = NOW.plus(Duration.ofHours(23));
        assertEquals(ahead, auth.map(json(Events.success("e", "a", ahead)), new RecordCheck(NOW)).eventTime());
    }

    @Test
    void hugeTextIsClippedToItsColumnAndCounted() {
        RecordCheck check = new RecordCheck(NOW);
        AuditEventRow row = auth.map(edited(Events.success("e", "a", T0), n -> n
                .put("path", "/" + "x".repeat(100_000))
                .put("requestId", "r".repeat(500))
                .set("client", Json.mapper().createObjectNode().put("ip", "1.2.3.4").put("userAgent", "u".repeat(5000)))),
                check);

        assertTrue(check.clipped());
        assertEquals(2048, row.path().length());
        assertEquals(128, row.requestId().length());
        assertEquals(512, row.userAgent().length());
    }

    @Test
    void aLongKeyHintIsCutToTheColumnSoNoMoreOfAKeyIsEverStored() {
        RecordCheck check = new RecordCheck(NOW);
        AuditEventRow row = auth.map(edited(Events.success("e", "a", T0), n -> ((ObjectNode) n.get("credential"))
                .put("keyHint", "AbCdEfGhIjKlMnOpQrStUvWxYz012345")), check);

        assertEquals("AbCdEfGh", row.keyHint());
        assertTrue(check.clipped());
    }

    @Test
    void identifiersTooLongToStoreWholeRefuseTheRecord() {
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.success("e", "a", T0), n -> n.put("developerId", "d".repeat(257))), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> auth.map(
                edited(Events.success("e".repeat(65), "a", T0), n -> { }), new RecordCheck(NOW)));
    }

    @Test
    void aKeyEventBecomesItsRow() {
        KeyEventRow row = new KeyEventMapper().map(json(Events.keyEvent("k1", KeyLifecycleEvent.Type.UPDATED, "k_1", T0)),
                new RecordCheck(NOW));

        assertEquals(new KeyEventRow("k1", "UPDATED", T0, "k_1", "p_shop", "alice", "admin", "description,expiresAt",
                null, NOW), row);
        assertSkipped(SkipReason.MISSING_FIELD, () -> new KeyEventMapper().map(edited(
                Events.keyEvent("k2", KeyLifecycleEvent.Type.CREATED, "k_1", T0), n -> n.remove("keyId")),
                new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> new KeyEventMapper().map(edited(
                Events.keyEvent("k2", KeyLifecycleEvent.Type.CREATED, "k_1", T0), n -> n.put("type", "EXPLODED")),
                new RecordCheck(NOW)));
    }

    @Test
    void aUsageWindowKeepsEveryFieldAndItsSketches() {
        UsageWindow window = Events.window("alice", null, T0, Duration.ofHours(1), 40, 2);
        RecordCheck check = new RecordCheck(NOW);

        UsageWindowRow row = usage.map(json(window), check);

        assertEquals("alice", row.developerId());
        assertNull(row.keyId());
        assertEquals(3600, row.windowSeconds());
        assertEquals(40, row.success());
        assertEquals(2, row.failure());
        assertEquals(T0, row.firstEventTime());
        assertEquals("{\"REVOKED_KEY\":2}", row.failures());
        assertEquals("{\"2xx\":40,\"4xx\":2}", row.statusClasses());
        assertEquals("[{\"apiId\":\"orders\",\"route\":\"/orders/{id}\",\"success\":40,\"failure\":2}]", row.apis());
        assertEquals("[{\"method\":\"GET\",\"apiId\":\"orders\",\"route\":\"/orders/{id}\",\"requests\":42}]",
                row.topEndpoints());
        assertEquals(window.latency().p99Micros(), row.latencyP99Micros());
        KllLongsSketch sketch = KllLongsSketch.heapify(Memory.wrap(Base64.getDecoder().decode(row.latencySketch())));
        assertEquals(42, sketch.getN());
        assertEquals(window.clientIps().estimate(), row.clientIps());
        assertNotNull(row.clientIpSketch());
        assertFalse(check.clipped());
    }

    @Test
    void aFirstVersionWindowWithOnlyCountsLeavesTheRestUnknown() {
        UsageWindowRow row = usage.map(json(new UsageWindow(1, "alice", T0, T0.plusSeconds(60), 3, 0,
                T0.plusSeconds(5))), new RecordCheck(NOW));

        assertEquals(60, row.windowSeconds());
        assertNull(row.failures());
        assertNull(row.latencyP50Micros());
        assertNull(row.latencySketch());
        assertNull(row.clientIps());
    }

    @Test
    void keyUsageWindowsMustNameTheirKey() {
        UsageWindowRow row = keyUsage.map(json(Events.window("alice", "k_1", T0, Duration.ofMinutes(1), 1, 0)),
                new RecordCheck(NOW));
        assertEquals("k_1", row.keyId());
        assertEquals("p_shop", row.projectId());

        assertSkipped(SkipReason.MISSING_FIELD, () -> keyUsage.map(json(Events.window("alice", null, T0,
                Duration.ofMinutes(1), 1, 0)), new RecordCheck(NOW)));
    }

    @Test
    void windowsOfOddSizesOrAlignmentOrWithNegativeCountsAreRefused() {
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(json(new UsageWindow(1, "a", T0, T0.plusSeconds(90),
                1, 0, T0)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(json(new UsageWindow(1, "a", T0.plusSeconds(1),
                T0.plusSeconds(61), 1, 0, T0)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(json(new UsageWindow(1, "a", T0.plusSeconds(60), T0,
                1, 0, T0)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(json(new UsageWindow(1, "a", T0, T0.plusSeconds(60),
                -1, 0, T0)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(edited(Events.window("a", null, T0,
                Duration.ofMinutes(1), 1, 0), n -> ((ObjectNode) n.get("statusClasses")).put("200", 1)),
                new RecordCheck(NOW)));
        assertSkipped(SkipReason.INVALID_VALUE, () -> usage.map(edited(Events.window("a", null, T0,
                Duration.ofMinutes(1), 1, 1), n -> ((ObjectNode) n.get("failures")).put("REVOKED_KEY", -3)),
                new RecordCheck(NOW)));
        assertSkipped(SkipReason.ABSURD_TIME, () -> usage.map(json(new UsageWindow(1, "a", T0, T0.plusSeconds(60),
                1, 0, Instant.parse("2300-01-01T00:00:00Z"))), new RecordCheck(NOW)));
    }

    @Test
    void anUnreadableSketchIsDroppedAndCountedButTheCountsAreKept() {
        RecordCheck check = new RecordCheck(NOW);
        UsageWindowRow row = usage.map(edited(Events.window("a", null, T0, Duration.ofMinutes(1), 5, 0),
                n -> ((ObjectNode) n.get("latency")).put("sketch", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))),
                check);

        assertNull(row.latencySketch());
        assertNotNull(row.clientIpSketch());
        assertEquals(5, row.success());
        assertTrue(check.clipped());
    }

    @Test
    void aHugeApiListKeepsItsFirstEntries() {
        RecordCheck check = new RecordCheck(NOW);
        UsageWindowRow row = usage.map(edited(Events.window("a", null, T0, Duration.ofMinutes(1), 5, 0), n -> {
            var apis = n.putArray("apis");
            for (int i = 0; i < 20_000; i++) {
                apis.addObject().put("apiId", "api-" + i).put("route", "/r/" + "x".repeat(40)).put("success", 1)
                        .put("failure", 0);
            }
        }), check);

        assertTrue(row.apis().length() <= 1_000_000);
        assertTrue(row.apis().startsWith("[{\"apiId\":\"api-0\""), row.apis().substring(0, 40));
        assertTrue(check.clipped());
    }

    @Test
    void lastSeenAndAlertsBecomeTheirRows() {
        LastSeenRow seen = new LastSeenMapper().map(json(Events.lastSeen("k_1", T0, T0.plusSeconds(60), null)),
                new RecordCheck(NOW));
        assertEquals(new LastSeenRow("KEY", "k_1", "alice", "p_shop", T0, T0.plusSeconds(60), null, NOW), seen);
        assertSkipped(SkipReason.INVALID_VALUE, () -> new LastSeenMapper().map(json(Events.lastSeen("k_1", T0,
                T0.minusSeconds(1), null)), new RecordCheck(NOW)));

        AlertRow alert = new AlertMapper().map(json(Events.alert("203.0.113.7", T0, 25)), new RecordCheck(NOW));
        assertEquals("FAILURE_BURST_IP|203.0.113.7|" + T0, alert.alertId());
        assertEquals("CLIENT_IP", alert.subjectType());
        assertEquals(25, alert.observed());
        assertSkipped(SkipReason.INVALID_VALUE, () -> new AlertMapper().map(edited(Events.alert("1.2.3.4", T0, 5),
                n -> n.put("observed", -1)), new RecordCheck(NOW)));
        assertSkipped(SkipReason.MISSING_FIELD, () -> new AlertMapper().map(edited(Events.alert("1.2.3.4", T0, 5),
                n -> n.remove("alertId")), new RecordCheck(NOW)));
    }

    private static SkippedRecord assertSkipped(SkipReason reason, org.junit.jupiter.api.function.Executable map) {
        SkippedRecord e = assertThrows(SkippedRecord.class, map);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static byte[] json(Object record) {
        try {
            return Json.mapper().writeValueAsBytes(record);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] edited(Object record, Consumer<ObjectNode> edit) {
        ObjectNode node = Json.mapper().valueToTree(record);
        edit.accept(node);
        return json(node);
    }

}

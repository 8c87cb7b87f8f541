package io.keytrail.streams;

import static io.keytrail.streams.AuthEvents.success;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.DeadLetter;
import io.keytrail.events.Json;
import io.keytrail.events.UsageWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: each kind goes to the dead-letter topic with its reason, is counted, and no aggregate sees it. */
class InputCheckTest {
    private static final Instant T10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NOW = T10.plus(Duration.ofHours(1));

    @TempDir
    Path stateDir;
    private TopologyFixture t;

    @BeforeEach
    void start() {
        t = new TopologyFixture(stateDir, NOW);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void unreadableBytesAndNonJson() {
        assertDeadLetter(new byte[] {(byte) 0xff, 0x00, 0x13}, DeadLetter.Reason.UNREADABLE, "");
        assertDeadLetter(bytes("{not json"), DeadLetter.Reason.UNREADABLE, "");
        assertDeadLetter(bytes("[1,2,3]"), DeadLetter.Reason.UNREADABLE, "");
    }

    @Test
    void unknownSchemaVersion() {
        assertDeadLetter(json(j -> j.put("schemaVersion", 2)), DeadLetter.Reason.UNKNOWN_SCHEMA_VERSION, "schemaVersion 2");
        assertDeadLetter(json(j -> j.remove("schemaVersion")), DeadLetter.Reason.UNKNOWN_SCHEMA_VERSION, "schemaVersion 0");
    }

    @Test
    void missingFields() {
        assertDeadLetter(json(j -> j.remove("eventId")), DeadLetter.Reason.MISSING_FIELD, "eventId");
        assertDeadLetter(json(j -> j.remove("time")), DeadLetter.Reason.MISSING_FIELD, "time");
        assertDeadLetter(json(j -> j.remove("type")), DeadLetter.Reason.MISSING_FIELD, "type");
        assertDeadLetter(json(j -> j.remove("status")), DeadLetter.Reason.MISSING_FIELD, "status");
        assertDeadLetter(json(j -> j.remove("latency")), DeadLetter.Reason.MISSING_FIELD, "latency");
        assertDeadLetter(json(j -> j.put("type", "AUTH_FAILURE")), DeadLetter.Reason.MISSING_FIELD, "reason");
    }

    @Test
    void invalidValues() {
        assertDeadLetter(json(j -> j.put("status", 42)), DeadLetter.Reason.INVALID_FIELD, "status 42");
        assertDeadLetter(json(j -> j.put("status", 600)), DeadLetter.Reason.INVALID_FIELD, "status 600");
        assertDeadLetter(json(j -> ((ObjectNode) j.get("latency")).put("totalMicros", -5)),
                DeadLetter.Reason.INVALID_FIELD, "negative");
        assertDeadLetter(json(j -> j.put("reason", "REVOKED_KEY")), DeadLetter.Reason.INVALID_FIELD, "success");
        assertDeadLetter(json(j -> j.put("type", "MAYBE")), DeadLetter.Reason.UNREADABLE, "MAYBE");
    }

    @Test
    void absurdTimestamps() {
        assertDeadLetter(json(j -> j.put("time", "2999-01-01T00:00:00Z")), DeadLetter.Reason.TIME_IN_FUTURE, "2999");
        assertDeadLetter(json(j -> j.put("time", NOW.plus(Duration.ofMinutes(6)).toString())),
                DeadLetter.Reason.TIME_IN_FUTURE, "after the clock");
        assertDeadLetter(json(j -> j.put("time", "1970-01-01T00:00:00Z")), DeadLetter.Reason.TIME_TOO_OLD, "1970");
        assertDeadLetter(json(j -> j.put("time", NOW.minus(Duration.ofDays(8)).toString())),
                DeadLetter.Reason.TIME_TOO_OLD, "before the clock");
        // A little skew is accepted.
        t.rawSuccesses.pipeInput(bytes("dev-a"), json(j -> j.put("time", NOW.plus(Duration.ofMinutes(4)).toString())));
        assertTrue(t.deadLetters.isEmpty());
    }

    @Test
    void aFarFutureEventDoesNotCloseTheOpenWindows() {
        t.rawSuccesses.pipeInput(bytes("dev-a"), json(j -> j.put("time", "2999-01-01T00:00:00Z")));
        t.send(success("dev-a", T10.plusSeconds(1)));
        assertEquals(1, t.usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, Duration.ofMinutes(1))).success());
    }

    @Test
    void hugeFieldValues() {
        String huge = "x".repeat(100_000);
        assertDeadLetter(json(j -> j.put("path", huge)), DeadLetter.Reason.FIELD_TOO_LONG, "path");
        assertDeadLetter(json(j -> j.put("developerId", huge)), DeadLetter.Reason.FIELD_TOO_LONG, "developerId");
        assertDeadLetter(json(j -> ((ObjectNode) j.get("client")).put("ip", huge)), DeadLetter.Reason.FIELD_TOO_LONG, "client.ip");
        DeadLetter letter = lastLetter(json(j -> j.put("route", huge)));
        assertEquals(DeadLetter.MAX_VALUE_BYTES, letter.value().length, "the copy is cut");
        assertTrue(letter.valueSize() > 100_000, "the size is the original's");
    }

    @Test
    void deadLettersKeepTheOriginalAndWhereItCameFrom() {
        byte[] value = json(j -> j.put("schemaVersion", 9));
        t.rawSuccesses.pipeInput(bytes("dev-a"), value, T10);
        var record = t.deadLetters.readKeyValue();
        assertEquals(DeadLetter.key(t.topics.authSuccess(), 0, 0), record.key);
        assertEquals(t.topics.authSuccess(), record.value.topic());
        assertEquals("dev-a", record.value.key());
        assertEquals(T10, record.value.recordTime());
        assertArrayEquals(value, record.value.value());
        assertEquals(value.length, record.value.valueSize());
    }

    @Test
    void badRecordsAreCountedPerReasonAndNeverReachAnAggregate() {
        t.rawSuccesses.pipeInput(bytes("dev-a"), bytes("{not json"));
        t.rawSuccesses.pipeInput(bytes("dev-a"), json(j -> j.put("schemaVersion", 2)));
        t.rawSuccesses.pipeInput(bytes("dev-a"), json(j -> j.put("schemaVersion", 3)));
        t.send(success("dev-a", T10.plusSeconds(1)));

        assertEquals(1.0, deadLetterTotal("unreadable"));
        assertEquals(2.0, deadLetterTotal("unknown_schema_version"));
        assertEquals(3, t.deadLetters.readValuesToList().size());
        assertEquals(1, t.usage.readKeyValuesToMap().get(UsageWindow.key("dev-a", T10, Duration.ofMinutes(1))).success());
        assertTrue(t.lastSeen.readKeyValuesToMap().size() == 2, "only the valid event was seen");
    }

    @Test
    void aTombstoneIsNeitherCountedNorADeadLetter() {
        t.rawSuccesses.pipeInput(bytes("dev-a"), null, T10);
        assertTrue(t.deadLetters.isEmpty());
        assertTrue(t.usage.isEmpty());
    }

    private double deadLetterTotal(String reason) {
        return t.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dead-letter-total") && reason.equals(e.getKey().tags().get("keytrail-id")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private void assertDeadLetter(byte[] value, DeadLetter.Reason reason, String detailPart) {
        DeadLetter letter = lastLetter(value);
        assertEquals(reason, letter.reason(), letter.detail());
        assertTrue(letter.detail().contains(detailPart), letter.detail());
        assertTrue(t.usage.isEmpty(), "no aggregate counted it");
        assertTrue(t.keyUsage.isEmpty());
    }

    private DeadLetter lastLetter(byte[] value) {
        t.rawSuccesses.pipeInput(bytes("dev-a"), value, T10);
        List<DeadLetter> letters = t.deadLetters.readValuesToList();
        assertEquals(1, letters.size());
        return letters.get(0);
    }

    /** A valid success, changed by {@code change}. */
    private static byte[] json(Consumer<ObjectNode> change) {
        ObjectNode node = Json.mapper().valueToTree(success("dev-a", T10.plusSeconds(1)));
        change.accept(node);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}

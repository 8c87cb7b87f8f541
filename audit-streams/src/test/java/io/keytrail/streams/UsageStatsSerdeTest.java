package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.keytrail.events.AuthEventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import io.keytrail.events.FailureReason;
import java.time.Instant;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

class UsageStatsSerdeTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private final UsageStatsSerde serde = new UsageStatsSerde();

    @Test
    void theBytesJustWrittenAreAnsweredWithTheObjectThatWroteThem() {
        UsageStats stats = stats(500);
        byte[] bytes = serde.serialize("t", stats);
        // Kafka Streams hands the deserializer a copy (the timestamped store strips its prefix).
        assertSame(stats, serde.deserialize("t", bytes.clone()));
    }

    @Test
    void bytesFromElsewhereAreParsedToTheSameWindow() {
        UsageStats stats = stats(500);
        byte[] bytes = serde.serialize("t", stats);
        bytes[1] ^= 0x55; // another identity, as written by another JVM
        UsageStats parsed = serde.deserialize("t", bytes);
        assertNotSame(stats, parsed);
        assertSameWindow(stats, parsed);
    }

    @Test
    void anOlderVersionIsParsedNotAnsweredWithTheNewerObject() {
        UsageStats stats = stats(10);
        byte[] older = serde.serialize("t", stats);
        String olderState = json(stats);
        stats.add(event(11, true));
        serde.serialize("t", stats);
        UsageStats restored = serde.deserialize("t", older.clone());
        assertNotSame(stats, restored);
        assertEquals(olderState, json(restored));
        assertEquals(10, restored.success + restored.failure);
        // The restored object carries on from there, and its writes are answered with it.
        restored.add(event(12, false));
        assertSame(restored, serde.deserialize("t", serde.serialize("t", restored).clone()));
        assertEquals(11, restored.success + restored.failure);
    }

    @Test
    void formatOneFromTheEarlierReleaseIsStillRead() {
        UsageStats stats = stats(300);
        byte[] two = serde.serialize("t", stats);
        byte[] one = new byte[two.length - 16];
        one[0] = 1;
        System.arraycopy(two, 17, one, 1, two.length - 17);
        UsageStats parsed = serde.deserialize("t", one);
        assertNotSame(stats, parsed);
        assertSameWindow(stats, parsed);
        assertEquals(0, parsed.memoId);
    }

    @Test
    void manyWindowsStayCorrectWhenTheMemoStartsOver() {
        UsageStats[] all = new UsageStats[UsageStatsSerde.MEMO_MAX + 10];
        byte[][] bytes = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            all[i] = stats(1 + i % 3);
            bytes[i] = serde.serialize("t", all[i]);
        }
        for (int i = 0; i < all.length; i++) {
            assertEquals(json(all[i]), json(serde.deserialize("t", bytes[i].clone())), "window " + i);
        }
    }

    private static UsageStats stats(int events) {
        UsageStats stats = UsageStats.empty();
        for (int i = 0; i < events; i++) {
            stats.add(event(i, i % 7 != 0));
        }
        return stats;
    }

    private static io.keytrail.events.AuthEvent event(int i, boolean ok) {
        return AuthEvents.event(ok ? AuthEventType.AUTH_SUCCESS : AuthEventType.AUTH_FAILURE, "dev-1", "key-" + i % 3,
                START.plusMillis(i * 10L), ok ? null : FailureReason.values()[i % FailureReason.values().length],
                ok ? 200 : 401 + i % 3, "api-" + i % 4, "/r/" + i % 13 + "/é\u0000x", i % 2 == 0 ? "GET" : "POST",
                100 + (i * 7919L) % 50_000, "10.0." + i % 5 + "." + i % 250);
    }

    /**
     * The published window, but the distinct-IP sketch by what it holds: a coupon set's byte order
     * depends on the order its hash table was filled in, so a parsed copy lists the same coupons
     * in another order. Its estimate stays in the comparison, and the union check below.
     */
    private static String json(UsageStats stats) {
        JsonNode tree = Json.mapper().valueToTree(stats.toWindow(START, START.plusSeconds(60), false));
        ((ObjectNode) tree.get("clientIps")).remove("sketch");
        return tree.toString();
    }

    private static void assertSameWindow(UsageStats expected, UsageStats actual) {
        assertEquals(json(expected), json(actual));
        Union union = new Union(12);
        union.update(expected.clientIps);
        union.update(actual.clientIps);
        assertEquals(expected.clientIps.getEstimate(), union.getResult().getEstimate());
    }

}

package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keytrail.events.AuthEventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.events.Json;
import io.keytrail.events.FailureReason;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
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
    void withoutTheMemoBytesAreAlwaysParsedNeverAnsweredWithAnObjectChangedSince() {
        // SubjectAggregator changes its windows in memory between commits: after an aborted
        // transaction the store's bytes must come back as they were written, not as the live object.
        UsageStatsSerde plain = UsageStatsSerde.withoutMemo();
        UsageStats stats = stats(10);
        byte[] written = plain.serialize("t", stats);
        String writtenState = json(stats);
        stats.add(event(11, true));
        UsageStats read = plain.deserialize("t", written.clone());
        assertNotSame(stats, read);
        assertEquals(writtenState, json(read));
        assertEquals(10, read.success + read.failure);
        // Nor does the memo of the serde with one answer for them.
        assertNotSame(stats, serde.deserialize("t", written.clone()));
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
        // Under an identity of its own: had it continued the old one, its next version would be the
        // newer object's, with other contents (in another JVM, that object's memo would answer).
        assertNotEquals(stats.memoId, restored.memoId);
        assertSame(stats, serde.deserialize("t", serde.serialize("t", stats).clone()));
    }

    @Test
    void formatOneFromTheEarlierReleaseIsStillRead() throws IOException {
        UsageStats stats = stats(300);
        UsageStats parsed = serde.deserialize("t", formatOne(stats));
        assertNotSame(stats, parsed);
        assertSameWindow(stats, parsed);
        assertEquals(0, parsed.memoId);
    }

    /** What the first release wrote (its serializer, verbatim but for the names). */
    private static byte[] formatOne(UsageStats stats) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            for (String s : new String[] {stats.developerId, stats.keyId, stats.projectId}) {
                out.writeBoolean(s != null);
                if (s != null) {
                    out.writeUTF(s);
                }
            }
            out.writeLong(stats.success);
            out.writeLong(stats.failure);
            out.writeLong(stats.firstMillis);
            out.writeLong(stats.lastMillis);
            for (long[] values : new long[][] {stats.reasons, stats.statusClasses}) {
                out.writeShort(values.length);
                for (long v : values) {
                    out.writeLong(v);
                }
            }
            for (CountTable table : List.of(stats.apis, stats.endpoints)) {
                out.writeInt(table.size());
                List<String> names = new java.util.ArrayList<>();
                List<long[]> counts = new java.util.ArrayList<>();
                table.forEach((name, values) -> {
                    names.add(name);
                    counts.add(values.clone());
                });
                for (int i = 0; i < names.size(); i++) {
                    out.writeUTF(names.get(i));
                    for (long v : counts.get(i)) {
                        out.writeLong(v);
                    }
                }
            }
            out.writeLong(stats.maxLatencyMicros);
            for (byte[] b : new byte[][] {stats.latency.toByteArray(), stats.clientIps.toCompactByteArray()}) {
                out.writeInt(b.length);
                out.write(b);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void refusesWhatItCannotRead() {
        byte[] good = serde.serialize("t", stats(5));
        good[1] ^= 0x33; // not in the memo, so it is parsed
        assertThrows(SerializationException.class, () -> serde.deserialize("t", Arrays.copyOf(good, good.length - 9)));
        byte[] unknown = good.clone();
        unknown[0] = 7;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", unknown));
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

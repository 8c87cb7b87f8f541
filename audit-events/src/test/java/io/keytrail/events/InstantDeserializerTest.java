package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantDeserializerTest {
    /** The contract's settings with jackson-datatype-jsr310's own Instant reader. */
    private static final ObjectMapper LIBRARY = Json.contract(new ObjectMapper());
    private static final ObjectMapper OURS = Json.mapper();

    record Holder(Instant time) {
    }

    @Test
    void readsTheContractsFormItselfExactlyAsTheLibraryDoes() {
        List<String> times = new ArrayList<>(List.of(
                "2026-12-07T10:15:30Z", "2026-12-07T10:15:30.1Z", "2026-12-07T10:15:30.12Z",
                "2026-12-07T10:15:30.123Z", "2026-12-07T10:15:30.123456Z", "2026-12-07T10:15:30.123456789Z",
                "2026-12-07T10:15:30.000000001Z", "2026-12-07T10:15:30.999999999Z", "2026-12-07T10:15:30.0Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
                "2026-01-31T23:59:59Z", "2026-04-30T00:00:00Z"));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            times.add(t.toString());
            times.add(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
            times.add(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        for (String time : times) {
            Instant fast = InstantDeserializer.parse(time.toCharArray(), 0, time.length());
            assertNotNull(fast, time);
            assertEquals(library(time), fast, time);
            assertEquals(library(time), ours(time), time);
        }
    }

    @Test
    void handsEveryOtherTextToTheLibraryAndFailsAsItDoes() {
        for (String time : List.of(
                "2026-12-07T10:15:30+01:00", "2026-12-07T10:15:30.5+00:00", "2026-12-07t10:15:30z",
                "2026-12-07T10:15:30", "2026-12-07 10:15:30Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-07T24:00:00Z",
                "2026-12-07T23:60:00Z", "2026-12-07T23:59:60Z", "2026-12-07T10:15:30.Z",
                "2026-12-07T10:15:30.1234567890Z", "+12026-12-07T10:15:30Z", "-0001-12-07T10:15:30Z",
                "2026-12-07T10:15:3aZ", "2026-1x-07T10:15:30Z", " 2026-12-07T10:15:30Z", "2026-12-07T10:15:30Z ",
                "", "not a time", "2026-12-07T10:15:30.12a4Z")) {
            assertNull(InstantDeserializer.parse(time.toCharArray(), 0, time.length()), time);
            assertEquals(library(time), ours(time), time);
        }
    }

    @Test
    void numbersAndNullsAreTheLibrarysToo() throws Exception {
        for (String json : List.of("{\"time\":1733566530}", "{\"time\":1733566530.5}", "{\"time\":null}", "{}")) {
            assertEquals(LIBRARY.readValue(json, Holder.class), OURS.readValue(json, Holder.class), json);
        }
    }

    @Test
    void isTheContractMappersReaderForInstants() throws Exception {
        com.fasterxml.jackson.databind.deser.DefaultDeserializationContext context =
                ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) OURS.getDeserializationContext())
                        .createInstance(OURS.getDeserializationConfig(), OURS.createParser("\"x\""), null);
        assertEquals(InstantDeserializer.class,
                context.findRootValueDeserializer(OURS.constructType(Instant.class)).getClass());
    }

    @Test
    void readsFromTheMiddleOfABuffer() {
        char[] text = "xx2026-12-07T10:15:30.25Zyy".toCharArray();
        assertEquals(Instant.parse("2026-12-07T10:15:30.25Z"), InstantDeserializer.parse(text, 2, 23));
    }

    /** The library's result, or the class and message of its failure. */
    private static Object library(String time) {
        return read(LIBRARY, time);
    }

    private static Object ours(String time) {
        return read(OURS, time);
    }

    private static Object read(ObjectMapper mapper, String time) {
        try {
            return mapper.readValue("{\"time\":" + mapper.writeValueAsString(time) + "}", Holder.class).time();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage().replaceAll("\\(through reference chain.*", "")
                    .replaceAll("at \\[Source.*", "");
        }
    }
}

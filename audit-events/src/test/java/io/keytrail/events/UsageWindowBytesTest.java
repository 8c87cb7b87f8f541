package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The direct window writer against databind's own output under the contract's settings: on
 * windows of every shape it writes, and on the ones it must leave to Jackson.
 */
class UsageWindowBytesTest {
    private static final ObjectMapper DATABIND = Json.contract(new ObjectMapper());
    private static final String[] SAFE = {"", "a", "alice", "/api/v1/items/{id}", "(other)", "GET", "~!#$%&'()*+,-.:;<=>?@[]^_`{|}",
        "x".repeat(300)};
    private static final String[] UNSAFE = {"quote \"", "back\\slash", "tab\t", "del\u007f", "é", "中文", "\uD83D\uDE00"};

    @Test
    void writesWhatDatabindWritesForWindowsWithoutEscapes() throws Exception {
        Random random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            UsageWindow window = window(random, UsageWindowBytesTest::safe);
            byte[] direct = UsageWindowBytes.write(window);
            assertNotNull(direct, () -> "not written directly: " + window);
            assertArrayEquals(DATABIND.writeValueAsBytes(window), direct,
                    () -> "for " + window + "\n" + new String(direct, StandardCharsets.UTF_8));
            assertEquals(window.key(), EventSerdes.usageWindow().deserialize("t", direct).key());
        }
    }

    @Test
    void leavesEveryTextThatNeedsEscapingToJackson() throws Exception {
        Random random = new Random(5);
        JsonSerde<UsageWindow> serde = EventSerdes.usageWindow();
        int left = 0;
        for (int i = 0; i < 5_000; i++) {
            // Each text unsafe now and then: most windows end up with one somewhere.
            UsageWindow window = window(random, r -> r.nextInt(8) == 0 ? UNSAFE[r.nextInt(UNSAFE.length)] : safe(r));
            byte[] direct = UsageWindowBytes.write(window);
            String json = DATABIND.writeValueAsString(window);
            // DEL needs no escape but the writer leaves it to Jackson with the rest of what is not printable ASCII.
            boolean unsafe = json.contains("\\") || json.chars().anyMatch(c -> c >= 0x7f);
            if (unsafe) {
                assertNull(direct, json);
                left++;
            } else {
                assertArrayEquals(DATABIND.writeValueAsBytes(window), direct, json);
            }
            assertArrayEquals(DATABIND.writeValueAsBytes(window), serde.serialize("t", window), json);
        }
        assertTrue(left > 1_000, "left to Jackson: " + left);
    }

    @Test
    void leavesYearsOutsideFourDigitsAndNullCountsToJackson() throws Exception {
        JsonSerde<UsageWindow> serde = EventSerdes.usageWindow();
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        Map<String, Long> nullCount = new HashMap<>();
        nullCount.put("2xx", null);
        Map<FailureReason, Long> nullFailures = new EnumMap<>(FailureReason.class);
        nullFailures.put(FailureReason.MISSING_KEY, null);
        List<UsageWindow> windows = List.of(
                new UsageWindow(1, "alice", far, far.plusSeconds(60), 1, 0, null),
                new UsageWindow(1, "alice", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 1, 0, Instant.MIN),
                new UsageWindow(1, "alice", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 1, 0, null, null, null, null,
                        null, nullCount, null, null, null, null),
                new UsageWindow(1, "alice", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 1, 0, null, null, null, null,
                        nullFailures, null, null, null, null, null));
        for (UsageWindow window : windows) {
            assertNull(UsageWindowBytes.write(window), window::toString);
            assertArrayEquals(DATABIND.writeValueAsBytes(window), serde.serialize("t", window));
        }
    }

    /** Base64 of every length remainder and every byte value, as Jackson writes it. */
    @Test
    void writesSketchBytesOfEveryLengthAsJackson() throws Exception {
        Random random = new Random(9);
        for (int length = 0; length < 300; length++) {
            byte[] sketch = new byte[length];
            random.nextBytes(sketch);
            UsageWindow window = new UsageWindow(1, "alice", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 1, 0, null,
                    null, null, null, null, null, null, null, new UsageWindow.LatencySummary(1, 2, 3, 4, sketch),
                    new UsageWindow.DistinctCount(length, sketch));
            assertArrayEquals(DATABIND.writeValueAsBytes(window), UsageWindowBytes.write(window), () -> "length " + sketch.length);
        }
    }

    /** A window with every member absent or present, of every size and shape, texts from {@code text}. */
    private static UsageWindow window(Random random, Function<Random, String> text) {
        Instant start = RandomEvents.time(random);
        Duration size = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)).get(random.nextInt(3));
        Map<FailureReason, Long> failures = null;
        if (random.nextInt(4) > 0) {
            failures = new EnumMap<>(FailureReason.class);
            for (FailureReason reason : FailureReason.values()) {
                if (random.nextBoolean()) {
                    failures.put(reason, RandomEvents.number(random));
                }
            }
        }
        Map<String, Long> classes = null;
        if (random.nextInt(4) > 0) {
            classes = new HashMap<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                classes.put(random.nextBoolean() ? (1 + random.nextInt(5)) + "xx" : text.apply(random), RandomEvents.number(random));
            }
        }
        List<UsageWindow.ApiCount> apis = null;
        if (random.nextInt(4) > 0) {
            apis = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                apis.add(new UsageWindow.ApiCount(text.apply(random), text.apply(random), RandomEvents.number(random),
                        RandomEvents.number(random)));
            }
        }
        List<UsageWindow.EndpointCount> endpoints = null;
        if (random.nextInt(4) > 0) {
            endpoints = new ArrayList<>();
            for (int n = random.nextInt(11); n > 0; n--) {
                endpoints.add(new UsageWindow.EndpointCount(text.apply(random), text.apply(random), text.apply(random),
                        RandomEvents.number(random)));
            }
        }
        UsageWindow.LatencySummary latency = random.nextInt(4) == 0 ? null
                : new UsageWindow.LatencySummary(RandomEvents.number(random), RandomEvents.number(random),
                        RandomEvents.number(random), RandomEvents.number(random), random.nextInt(5) == 0 ? null : bytes(random));
        UsageWindow.DistinctCount ips = random.nextInt(4) == 0 ? null
                : new UsageWindow.DistinctCount(RandomEvents.number(random), random.nextInt(5) == 0 ? null : bytes(random));
        return new UsageWindow(random.nextInt(5) == 0 ? random.nextInt() : 1, text.apply(random), start,
                start.plus(size), RandomEvents.number(random), RandomEvents.number(random),
                random.nextBoolean() ? null : RandomEvents.time(random), random.nextBoolean() ? null : text.apply(random),
                random.nextBoolean() ? null : text.apply(random), random.nextBoolean() ? null : RandomEvents.time(random),
                failures, classes, apis, endpoints, latency, ips);
    }

    private static byte[] bytes(Random random) {
        byte[] bytes = new byte[random.nextInt(3000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String safe(Random random) {
        return SAFE[random.nextInt(SAFE.length)];
    }
}

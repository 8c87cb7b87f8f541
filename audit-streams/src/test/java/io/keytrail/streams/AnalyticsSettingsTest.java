package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window, input and alert sections of the settings: defaults, sources, and every validation message. */
class AnalyticsSettingsTest {

    @Test
    void defaults() {
        StreamsSettings s = StreamsSettings.defaults();
        assertEquals(Duration.ofSeconds(30), s.windows().grace());
        assertEquals(new InputSettings(Duration.ofMinutes(5), Duration.ofDays(7), 2048), s.input());
        assertEquals(new AlertSettings(50, 20, Duration.ofMinutes(1), Duration.ofHours(1), 20, Duration.ofHours(1)), s.alerts());
        assertEquals(Duration.ofHours(6), s.alerts().ipLate(), "late failures still count towards an IP burst for 6 hours");
    }

    @Test
    void readsTheSectionsFromFileAndEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streams.properties");
        Files.writeString(file, """
                streams.windows.grace-ms=0
                streams.input.max-future-skew-ms=1000
                streams.input.max-age-ms=86400000
                streams.input.max-field-length=512
                streams.alerts.ip-failures=7
                streams.alerts.failure-window-ms=10000
                streams.alerts.dead-key-window-ms=60000
                streams.alerts.key-ip-window-ms=120000
                """);
        StreamsSettings s = StreamsSettings.load(file, Map.of("KEYTRAIL_STREAMS_ALERT_KEY_FAILURES", "4",
                "KEYTRAIL_STREAMS_ALERT_KEY_IPS", "5", "KEYTRAIL_STREAMS_ALERT_IP_FAILURES", "9",
                "KEYTRAIL_STREAMS_GRACE_MS", "60000", "KEYTRAIL_STREAMS_ALERT_IP_LATE_MS", "3600000"));
        assertEquals(Duration.ofMinutes(1), s.windows().grace());
        assertEquals(new InputSettings(Duration.ofSeconds(1), Duration.ofDays(1), 512), s.input());
        assertEquals(new AlertSettings(9, 4, Duration.ofSeconds(10), Duration.ofMinutes(1), 5, Duration.ofMinutes(2),
                Duration.ofHours(1)), s.alerts());
    }

    @Test
    void everyBadValueNamesItsSettingAndSource(@TempDir Path dir) throws IOException {
        assertMessage(Map.of("KEYTRAIL_STREAMS_GRACE_MS", "-1"), "streams.windows.grace-ms: must be a number of milliseconds, got '-1' (from environment variable KEYTRAIL_STREAMS_GRACE_MS)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_MAX_FUTURE_SKEW_MS", "0"), "streams.input.max-future-skew-ms: must be a positive number of milliseconds, got '0' (from environment variable KEYTRAIL_STREAMS_MAX_FUTURE_SKEW_MS)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_MAX_AGE_MS", "soon"), "streams.input.max-age-ms: must be a number of milliseconds, got 'soon' (from environment variable KEYTRAIL_STREAMS_MAX_AGE_MS)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_ALERT_IP_FAILURES", "0"), "streams.alerts.ip-failures: must be a positive integer, got '0' (from environment variable KEYTRAIL_STREAMS_ALERT_IP_FAILURES)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_ALERT_KEY_FAILURES", "x"), "streams.alerts.key-failures: must be a positive integer, got 'x' (from environment variable KEYTRAIL_STREAMS_ALERT_KEY_FAILURES)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_ALERT_IP_LATE_MS", "604800001"), "streams.alerts.ip-late-ms: must be between 0 and 604800000 milliseconds, got '604800001' (from environment variable KEYTRAIL_STREAMS_ALERT_IP_LATE_MS)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_ALERT_IP_LATE_MS", "-5"), "streams.alerts.ip-late-ms: must be a number of milliseconds, got '-5' (from environment variable KEYTRAIL_STREAMS_ALERT_IP_LATE_MS)");
        assertMessage(Map.of("KEYTRAIL_STREAMS_ALERT_KEY_IPS", "1"), "streams.alerts.key-ips: must be between 2 and 10000, got '1' (from environment variable KEYTRAIL_STREAMS_ALERT_KEY_IPS)");
        Path file = dir.resolve("s.properties");
        Files.writeString(file, "streams.input.max-field-length=5000\n");
        SettingsException e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file, Map.of()));
        assertEquals("streams.input.max-field-length: must be between 16 and 4096, got '5000' (from " + file + ")", e.getMessage());
        Files.writeString(file, "streams.alerts.failure-window-ms=0\n");
        e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file, Map.of()));
        assertEquals("streams.alerts.failure-window-ms: must be a positive number of milliseconds, got '0' (from " + file + ")", e.getMessage());
        Files.writeString(file, "streams.alerts.dead-key-windw-ms=1\n");
        e = assertThrows(SettingsException.class, () -> StreamsSettings.load(file, Map.of()));
        assertEquals("streams.alerts.dead-key-windw-ms: unknown setting (from " + file + ")", e.getMessage());
    }

    @Test
    void recordsValidateWhenBuiltInCodeToo() {
        assertEquals("streams.windows.grace-ms: must be zero or a positive number of milliseconds, got '-1'",
                assertThrows(SettingsException.class, () -> new WindowSettings(Duration.ofMillis(-1))).getMessage());
        assertEquals("streams.input.max-age-ms: must be a positive number of milliseconds, got none",
                assertThrows(SettingsException.class, () -> new InputSettings(Duration.ofMinutes(1), null, 100)).getMessage());
        assertEquals("streams.alerts.key-ip-window-ms: must be a positive number of milliseconds, got '0'",
                assertThrows(SettingsException.class, () -> new AlertSettings(1, 1, Duration.ofMinutes(1),
                        Duration.ofMinutes(1), 2, Duration.ZERO)).getMessage());
        assertEquals("streams.alerts.dead-key-window-ms: must be a positive number of milliseconds, got none",
                assertThrows(SettingsException.class, () -> new AlertSettings(1, 1, Duration.ofMinutes(1),
                        null, 2, Duration.ofMinutes(1))).getMessage());
    }

    private static void assertMessage(Map<String, String> env, String message) {
        assertEquals(message, assertThrows(SettingsException.class, () -> StreamsSettings.load(null, env)).getMessage());
    }
}

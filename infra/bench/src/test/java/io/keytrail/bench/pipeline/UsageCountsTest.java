package io.keytrail.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.UsageWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageCountsTest {

    @Test
    void readsTheWindowsOwnCountsNotThoseOfItsApis() {
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        UsageWindow window = new UsageWindow(UsageWindow.SCHEMA_VERSION, "dev-1", start, start.plusSeconds(60), 41, 3,
                start.plusSeconds(59), null, null, start, Map.of(), Map.of("2xx", 41L),
                List.of(new UsageWindow.ApiCount("orders", "/orders", 7, 1)), List.of(), null, null);
        assertArrayEquals(new long[] {41, 3}, UsageCounts.read(EventSerdes.usageWindow().serialize("t", window)));
    }
}

package io.keytrail.reporting.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.reporting.db.UsageWindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoarseTilesTest {
    private static final Instant DAY0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final int HOUR = 3600;
    private static final int DAY = 86_400;

    @Test
    void wholeDaysInsideTheRangeReplaceTheirHoursAndTheEdgesKeepThem() {
        // 06:00 on day 0 to 06:00 on day 3: day 1 and day 2 are whole, the edges are hours.
        TimeRange range = new TimeRange(DAY0.plusSeconds(6 * HOUR), DAY0.plusSeconds(3 * DAY + 6 * HOUR));
        List<UsageWindowView> hours = new ArrayList<>();
        for (int h = 6; h < 3 * 24 + 6; h++) {
            hours.add(window(DAY0.plusSeconds((long) h * HOUR), HOUR, 2, 1, true));
        }
        List<UsageWindowView> days = List.of(window(DAY0.plusSeconds(DAY), DAY, 48, 24, true),
                window(DAY0.plusSeconds(2L * DAY), DAY, 48, 24, true));

        List<UsageWindowView> tiles = CoarseTiles.of(hours, Granularity.HOUR, range, (seconds, from, to) -> {
            assertEquals(DAY, seconds);
            assertEquals(DAY0.plusSeconds(DAY), from);
            assertEquals(DAY0.plusSeconds(3L * DAY), to);
            return days;
        });

        assertEquals(18 + 2 + 6, tiles.size(), "18 hours of day 0, two days, 6 hours of day 3");
        assertEquals(days, tiles.subList(18, 20));
        assertEquals(requests(hours), requests(tiles));
    }

    @Test
    void aDayWhoseCountsDifferFromItsHoursKeepsTheHours() {
        TimeRange range = new TimeRange(DAY0, DAY0.plusSeconds(DAY));
        List<UsageWindowView> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(window(DAY0.plusSeconds((long) h * HOUR), HOUR, 1, 0, true));
        }
        // Ingest stored the day before its last hour's update, or retention removed some hours.
        List<UsageWindowView> day = List.of(window(DAY0, DAY, 23, 0, true));

        assertEquals(hours, CoarseTiles.of(hours, Granularity.HOUR, range, (seconds, from, to) -> day));
    }

    @Test
    void aDayWithoutTheDetailsItsHoursCarryKeepsTheHours() {
        TimeRange range = new TimeRange(DAY0, DAY0.plusSeconds(DAY));
        List<UsageWindowView> hours = List.of(window(DAY0, HOUR, 5, 0, true));
        List<UsageWindowView> day = List.of(window(DAY0, DAY, 5, 0, false));

        assertEquals(hours, CoarseTiles.of(hours, Granularity.HOUR, range, (seconds, from, to) -> day));
    }

    @Test
    void minutesGiveWayToHoursAndHoursToDays() {
        // Two whole days of minutes, as the widest minute report: each level is asked for once.
        TimeRange range = new TimeRange(DAY0, DAY0.plusSeconds(2L * DAY));
        List<UsageWindowView> minutes = new ArrayList<>();
        for (int m = 0; m < 2 * 24 * 60; m += 30) {
            minutes.add(window(DAY0.plusSeconds(m * 60L), 60, 1, 0, true));
        }
        List<Integer> asked = new ArrayList<>();
        List<UsageWindowView> tiles = CoarseTiles.of(minutes, Granularity.MINUTE, range, (seconds, from, to) -> {
            asked.add(seconds);
            List<UsageWindowView> rows = new ArrayList<>();
            long count = seconds == HOUR ? 2 : 48;
            for (Instant t = from; t.isBefore(to); t = t.plusSeconds(seconds)) {
                rows.add(window(t, seconds, count, 0, true));
            }
            return rows;
        });

        assertEquals(List.of(HOUR, DAY), asked);
        assertEquals(2, tiles.size());
        assertEquals(requests(minutes), requests(tiles));
    }

    @Test
    void aRangeWithoutAWholeCoarserWindowAsksForNone() {
        TimeRange range = new TimeRange(DAY0.plusSeconds(HOUR), DAY0.plusSeconds(5 * HOUR));
        List<UsageWindowView> hours = List.of(window(DAY0.plusSeconds(HOUR), HOUR, 3, 0, true));

        assertEquals(hours, CoarseTiles.of(hours, Granularity.HOUR, range, (seconds, from, to) -> {
            throw new AssertionError("no whole day in the range");
        }));
    }

    private static long requests(List<UsageWindowView> rows) {
        return rows.stream().mapToLong(r -> r.success() + r.failure()).sum();
    }

    private static UsageWindowView window(Instant start, int seconds, long success, long failure, boolean detailed) {
        String sketch = detailed ? "sketch" : null;
        return new UsageWindowView("alice", start, start.plusSeconds(seconds), success, failure,
                detailed ? "{}" : null, detailed ? "{}" : null, detailed ? "[]" : null, detailed ? "[]" : null,
                detailed ? 1L : null, detailed ? 2L : null, detailed ? 3L : null, detailed ? 4L : null, sketch,
                detailed ? 1L : null, sketch);
    }
}

package io.keytrail.reporting.reports;

import io.keytrail.reporting.db.UsageWindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fewest stored windows that add up to the same requests as a report's listed windows, for
 * merging the range's totals. A report over 30 days of hours lists 720 windows, but merging 720
 * latency and IP sketches and API tables is most of its time; the 30 day windows of the same
 * requests merge in a twenty-fourth of it. audit-streams publishes every event in a minute, an
 * hour and a day window alike, so a coarser window replaces the finer ones it covers whenever
 * their counts agree; where they do not (a coarser window not ingested yet, or removed by
 * retention) the finer windows stay, so the totals always add up to exactly the windows listed.
 */
final class CoarseTiles {
    /** Reads a subject's stored windows of one size that start in {@code [from, to)}, ordered by start. */
    @FunctionalInterface
    interface WindowSource {
        List<UsageWindowView> windows(int windowSeconds, Instant from, Instant to);
    }

    private CoarseTiles() {
    }

    /**
     * {@code listed} (the range's windows at {@code granularity}, ordered by start) with every
     * whole coarser window inside {@code range} taking the place of the finer windows it covers.
     */
    static List<UsageWindowView> of(List<UsageWindowView> listed, Granularity granularity, TimeRange range,
                                    WindowSource source) {
        Objects.requireNonNull(source, "source");
        List<UsageWindowView> tiles = listed;
        for (Granularity coarser : Granularity.values()) {
            if (coarser.windowSeconds() > granularity.windowSeconds()) {
                tiles = replace(tiles, coarser.windowSeconds(), range, source);
            }
        }
        return tiles;
    }

    private static List<UsageWindowView> replace(List<UsageWindowView> fine, int seconds, TimeRange range,
                                                 WindowSource source) {
        long from = ceil(range.from().getEpochSecond(), seconds);
        long to = Math.floorDiv(range.to().getEpochSecond(), seconds) * seconds;
        if (to <= from || fine.isEmpty()) {
            return fine;
        }
        List<UsageWindowView> coarse = source.windows(seconds, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
        if (coarse.isEmpty()) {
            return fine;
        }
        Map<Long, Long> coarseRequests = new HashMap<>();
        Map<Long, List<UsageWindowView>> coarseRows = new HashMap<>();
        for (UsageWindowView row : coarse) {
            long bucket = row.windowStart().getEpochSecond();
            coarseRequests.merge(bucket, row.success() + row.failure(), Long::sum);
            coarseRows.computeIfAbsent(bucket, b -> new ArrayList<>()).add(row);
        }
        Map<Long, Long> fineRequests = new HashMap<>();
        Map<Long, Integer> fineDetails = new HashMap<>();
        for (UsageWindowView row : fine) {
            if (row.windowEnd().getEpochSecond() - row.windowStart().getEpochSecond() < seconds) {
                fineRequests.merge(bucket(row, seconds), row.success() + row.failure(), Long::sum);
                fineDetails.merge(bucket(row, seconds), details(row), (a, b) -> a | b);
            }
        }
        Set<Long> replaced = new HashSet<>();
        coarseRows.forEach((bucket, rows) -> {
            // Same requests, and every detail the finer windows carry is in each coarser one too.
            int wanted = fineDetails.getOrDefault(bucket, 0);
            boolean detailed = rows.stream().allMatch(row -> row.success() + row.failure() == 0
                    || (details(row) & wanted) == wanted);
            if (detailed && coarseRequests.get(bucket).equals(fineRequests.get(bucket))) {
                replaced.add(bucket);
            }
        });
        List<UsageWindowView> result = new ArrayList<>(fine.size());
        Set<Long> brought = new HashSet<>();
        for (UsageWindowView row : fine) {
            long bucket = bucket(row, seconds);
            boolean finer = row.windowEnd().getEpochSecond() - row.windowStart().getEpochSecond() < seconds;
            if (!finer || !replaced.contains(bucket)) {
                result.add(row);
            } else if (brought.add(bucket)) {
                // The bucket's first finer window brings the coarser ones in; the rest are left out.
                result.addAll(coarseRows.get(bucket));
            }
        }
        return result;
    }

    /** Which of the merged details a stored window carries, one bit each. */
    private static int details(UsageWindowView row) {
        return (row.latencySketch() != null ? 1 : 0) | (row.clientIpSketch() != null ? 2 : 0)
                | (row.apis() != null ? 4 : 0) | (row.topEndpoints() != null ? 8 : 0)
                | (row.failures() != null ? 16 : 0) | (row.statusClasses() != null ? 32 : 0);
    }

    private static long bucket(UsageWindowView row, int seconds) {
        return Math.floorDiv(row.windowStart().getEpochSecond(), seconds) * seconds;
    }

    private static long ceil(long epochSecond, int seconds) {
        return -Math.floorDiv(-epochSecond, seconds) * seconds;
    }
}

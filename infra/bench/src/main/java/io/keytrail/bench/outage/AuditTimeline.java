package io.keytrail.bench.outage;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's audit meters scraped at a fixed interval for the whole measurement, in every phase
 * alike, so the report can tell when the spool had drained after the broker came back.
 */
final class AuditTimeline implements AutoCloseable {
    /** One scrape; {@code nanos} on the {@link System#nanoTime()} axis. */
    record Point(long nanos, AuditMetrics metrics) {
    }

    private final List<Point> points = new ArrayList<>();
    private final Thread scraper;
    private volatile boolean running = true;

    AuditTimeline(HttpClient client, URI metrics, Duration interval) {
        scraper = new Thread(() -> {
            while (running) {
                long started = System.nanoTime();
                try {
                    AuditMetrics now = AuditMetrics.scrape(client, metrics);
                    synchronized (points) {
                        points.add(new Point(started, now));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception missed) {
                    // A scrape the gateway did not answer in time is a gap in the timeline, nothing more.
                }
                long rest = interval.toNanos() - (System.nanoTime() - started);
                if (rest > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(rest);
                }
            }
        }, "audit-timeline");
        scraper.setDaemon(true);
        scraper.start();
    }

    List<Point> points() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    /**
     * When ({@link System#nanoTime()}) the first scrape in {@code [fromNanos, toNanos)} found
     * nothing spooling and nothing pending; null when none did.
     */
    static Long whenDrained(List<Point> points, long fromNanos, long toNanos) {
        return firstWhen(points, fromNanos, toNanos, m -> !m.spooling() && m.pending() == 0);
    }

    /**
     * When the first scrape in {@code [fromNanos, toNanos)} found {@code backlog} more replayed
     * events acknowledged than {@code replayedBefore}: the spool replays in order, so the backlog it
     * held at {@code fromNanos} had been delivered. Under steady traffic this can come long before
     * {@link #whenDrained}: new events keep going through the spool behind the replay. Null when no
     * scrape found it.
     */
    static Long whenReplayed(List<Point> points, long fromNanos, long toNanos, long replayedBefore, long backlog) {
        return firstWhen(points, fromNanos, toNanos, m -> m.replayed() - replayedBefore >= backlog);
    }

    private static Long firstWhen(List<Point> points, long fromNanos, long toNanos,
            java.util.function.Predicate<AuditMetrics> condition) {
        for (Point point : points) {
            if (point.nanos() >= fromNanos && point.nanos() < toNanos && condition.test(point.metrics())) {
                return point.nanos();
            }
        }
        return null;
    }

    /** The timeline as rows of {@link #COLUMNS}, seconds counted from {@code originNanos}. */
    static List<List<Number>> rows(List<Point> points, long originNanos) {
        List<List<Number>> rows = new ArrayList<>();
        for (Point point : points) {
            AuditMetrics m = point.metrics();
            rows.add(List.of(Math.round((point.nanos() - originNanos) / 1e7) / 100.0, m.spooling() ? 1 : 0, m.pending(),
                    m.accepted(), m.published(), m.spooled(), m.replayed(), m.droppedTotal()));
        }
        return rows;
    }

    static final List<String> COLUMNS = List.of("seconds", "spooling", "pending", "accepted", "published", "spooled",
            "replayed", "dropped");

    /** {@link #rows} as CSV with a header line. */
    static String csv(List<Point> points, long originNanos) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (List<Number> row : rows(points, originNanos)) {
            csv.append(row.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        scraper.interrupt();
        scraper.join(10_000);
    }
}

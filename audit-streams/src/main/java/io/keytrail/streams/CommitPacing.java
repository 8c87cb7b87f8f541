package io.keytrail.streams;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * How often audit-streams commits: every {@code interval} while commits are cheap, so the usage
 * topics stay fresh, and less often when a commit gets expensive, so that writing and publishing
 * the changed windows never takes more than a fifth of a stream thread's time. Commits cost what
 * the windows they publish cost, which hardly depends on how many events changed them: at a
 * steady trickle the interval wins; while catching up a backlog, commits stretch towards
 * {@code maxInterval} and the thread spends its time counting instead of republishing the same
 * windows ten times a second.
 *
 * @param interval    the shortest time between commits (Kafka Streams' own default under
 *                    exactly-once, 100 ms)
 * @param maxInterval the longest; Kafka Streams commits at least this often
 *                    ({@code commit.interval.ms})
 */
public record CommitPacing(Duration interval, Duration maxInterval) {
    public static final String INTERVAL_MS = "streams.commit-interval-ms";
    public static final String MAX_INTERVAL_MS = "streams.commit-max-interval-ms";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(1);
    /** A commit is followed by at least this many times its own duration of other work: at most a fifth of the time. */
    static final int WORK_PER_COMMIT = 4;
    static final Duration MAX_MAX_INTERVAL = Duration.ofMinutes(1);
    // After the constants the constructor checks against.
    public static final CommitPacing DEFAULTS = new CommitPacing(DEFAULT_INTERVAL, DEFAULT_MAX_INTERVAL);

    public CommitPacing {
        if (interval == null || interval.toMillis() < 1 || interval.compareTo(MAX_MAX_INTERVAL) > 0) {
            throw new SettingsException(INTERVAL_MS, "must be between 1 and " + MAX_MAX_INTERVAL.toMillis()
                    + " milliseconds, got " + (interval == null ? "none" : "'" + interval.toMillis() + "'"));
        }
        if (maxInterval == null || maxInterval.compareTo(interval) < 0 || maxInterval.compareTo(MAX_MAX_INTERVAL) > 0) {
            throw new SettingsException(MAX_INTERVAL_MS, "must be between " + INTERVAL_MS + " (" + interval.toMillis()
                    + ") and " + MAX_MAX_INTERVAL.toMillis() + " milliseconds, got "
                    + (maxInterval == null ? "none" : "'" + maxInterval.toMillis() + "'"));
        }
    }

    /**
     * The producer's transaction timeout: a transaction stays open up to the longest interval, and
     * Kafka Streams refuses a timeout shorter than that. Twice the interval, and at least Kafka
     * Streams' own 10 s, because a crashed instance's open transaction holds back every
     * read-committed consumer of its output until it times out.
     */
    public Duration transactionTimeout() {
        Duration twice = maxInterval.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(10)) > 0 ? twice : Duration.ofSeconds(10);
    }

    /** {@code interval} with the default longest interval, or {@code interval} itself when that is longer. */
    public static CommitPacing of(Duration interval) {
        return new CommitPacing(interval, interval != null && interval.compareTo(DEFAULT_MAX_INTERVAL) > 0
                ? interval : DEFAULT_MAX_INTERVAL);
    }

    /**
     * One {@link Pacer} per stream thread of one topology: a task's aggregator takes its thread's
     * pacer when it is initialised, which happens on the thread that will run it.
     */
    static final class Pacers {
        private final CommitPacing pacing;
        private final Map<Thread, Pacer> byThread = new WeakHashMap<>();

        Pacers(CommitPacing pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
        }

        CommitPacing pacing() {
            return pacing;
        }

        synchronized Pacer forCurrentThread() {
            return byThread.computeIfAbsent(Thread.currentThread(), t -> new Pacer(pacing));
        }
    }

    /**
     * The pacing state of one stream thread. Its tasks' aggregators share it: Kafka Streams commits
     * all of a thread's tasks together (one transaction under exactly-once), so a commit costs the
     * sum of their flushes. Used by that thread only; not thread-safe.
     */
    static final class Pacer {
        private final long intervalNanos;
        private final long maxIntervalNanos;
        private boolean committing;
        private long flushStarted;
        private long took;
        private long lastCommitTook;
        private long commitStarted;
        private long lastCommitStarted = System.nanoTime();

        Pacer(CommitPacing pacing) {
            this.intervalNanos = pacing.interval().toNanos();
            this.maxIntervalNanos = pacing.maxInterval().toNanos();
        }

        /** A task of this thread starts flushing for a commit; the first flush since the thread last ran starts a commit. */
        void flushing(long now) {
            if (!committing) {
                committing = true;
                took = 0;
                commitStarted = now;
            }
            flushStarted = now;
        }

        /** That task's flush is done. */
        void flushed(long now) {
            took += now - flushStarted;
        }

        /** Whether a commit's flushes have started and the thread has not processed or punctuated since. */
        boolean committing() {
            return committing;
        }

        /** The thread processes or punctuates again: the commit in progress, if any, has ended. */
        void running() {
            if (committing) {
                committing = false;
                lastCommitTook = took;
                lastCommitStarted = commitStarted;
            }
        }

        /**
         * Whether to ask Kafka Streams for a commit at {@code now}, one interval after the last
         * request (the caller asks every interval). A task that is not {@code behind} always gets
         * one. One that is behind (its events are already older than the longest interval, so a
         * later commit costs them little freshness) waits until the last commit's flushes are at
         * most a fifth of the time since that commit started, up to the longest interval.
         */
        boolean due(long now, boolean behind) {
            if (!behind) {
                return true;
            }
            // Requests come on a grid of intervals, so this may wait up to one interval longer: while
            // catching up, fewer commits are what this is for.
            long wait = Math.min(maxIntervalNanos, Math.max(intervalNanos, (WORK_PER_COMMIT + 1) * lastCommitTook));
            return now - lastCommitStarted >= wait;
        }
    }
}

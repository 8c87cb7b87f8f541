package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CommitPacingTest {
    private static final long MS = 1_000_000L;
    private final CommitPacing pacing = new CommitPacing(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void cheapCommitsComeEveryInterval() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long end = commit(pacer, System.nanoTime(), 10);

        assertFalse(pacer.due(end + 99 * MS, true));
        assertTrue(pacer.due(end + 100 * MS, true));
    }

    @Test
    void behindAnExpensiveCommitIsFollowedByFourTimesItsDurationOfOtherWork() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long end = commit(pacer, System.nanoTime(), 150);

        assertFalse(pacer.due(end + 100 * MS, true));
        assertFalse(pacer.due(end + 599 * MS, true));
        assertTrue(pacer.due(end + 600 * MS, true));
    }

    @Test
    void aTaskThatIsNotBehindGetsEveryIntervalHoweverExpensiveTheCommits() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long end = commit(pacer, System.nanoTime(), 150);

        assertFalse(pacer.due(end + 99 * MS, false));
        assertTrue(pacer.due(end + 100 * MS, false));
    }

    @Test
    void noCommitWaitsLongerThanTheLongestInterval() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long end = commit(pacer, System.nanoTime(), 900);

        assertFalse(pacer.due(end + 999 * MS, true));
        assertTrue(pacer.due(end + 1000 * MS, true));
    }

    @Test
    void aCommitCostsItsTasksFlushesAndEndsWithTheLastOne() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        assertFalse(pacer.committing());
        // Three tasks flush one after the other in one commit: 40 + 50 + 60 ms of work.
        pacer.flushing(start);
        pacer.flushed(start + 40 * MS);
        pacer.flushing(start + 45 * MS);
        pacer.flushed(start + 95 * MS);
        pacer.flushing(start + 100 * MS);
        pacer.flushed(start + 160 * MS);
        assertTrue(pacer.committing());
        // The thread then waits for the transaction and for input: neither is the flushes' cost.
        pacer.running();
        assertFalse(pacer.committing());

        long end = start + 160 * MS;
        assertFalse(pacer.due(end + 599 * MS, true), "150 ms of flushing wants 600 ms of other work after it");
        assertTrue(pacer.due(end + 600 * MS, true));
    }

    @Test
    void theNextCommitStartsItsOwnCount() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long first = commit(pacer, System.nanoTime(), 200);
        long second = commit(pacer, first + 800 * MS, 20);

        assertTrue(pacer.due(second + 100 * MS, true), "the second commit's 20 ms count, not 220");
    }

    @Test
    void runningWithoutACommitChangesNothing() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long end = commit(pacer, System.nanoTime(), 150);
        pacer.running();

        assertFalse(pacer.due(end + 599 * MS, true));
        assertTrue(pacer.due(end + 600 * MS, true));
    }

    @Test
    void validatesBothIntervalsByName() {
        assertEquals(CommitPacing.INTERVAL_MS, assertThrows(SettingsException.class,
                () -> new CommitPacing(Duration.ZERO, Duration.ofSeconds(1))).key());
        assertEquals(CommitPacing.INTERVAL_MS, assertThrows(SettingsException.class,
                () -> new CommitPacing(null, Duration.ofSeconds(1))).key());
        assertEquals(CommitPacing.MAX_INTERVAL_MS, assertThrows(SettingsException.class,
                () -> new CommitPacing(Duration.ofMillis(500), Duration.ofMillis(499))).key());
        assertEquals(CommitPacing.MAX_INTERVAL_MS, assertThrows(SettingsException.class,
                () -> new CommitPacing(Duration.ofMillis(500), Duration.ofSeconds(61))).key());
        assertEquals(CommitPacing.INTERVAL_MS, assertThrows(SettingsException.class,
                () -> CommitPacing.of(Duration.ofSeconds(61))).key());
        assertEquals(new CommitPacing(Duration.ofMillis(100), Duration.ofSeconds(1)), CommitPacing.of(Duration.ofMillis(100)));
        assertEquals(new CommitPacing(Duration.ofSeconds(5), Duration.ofSeconds(5)), CommitPacing.of(Duration.ofSeconds(5)));
    }

    @Test
    void eachThreadHasAPacerOfItsOwn() throws InterruptedException {
        CommitPacing.Pacers pacers = new CommitPacing.Pacers(pacing);
        CommitPacing.Pacer here = pacers.forCurrentThread();
        AtomicReference<CommitPacing.Pacer> there = new AtomicReference<>();
        Thread other = new Thread(() -> there.set(pacers.forCurrentThread()));
        other.start();
        other.join();

        assertTrue(here == pacers.forCurrentThread(), "one thread's tasks share its pacer");
        assertFalse(here == there.get());
    }

    /** One task's commit flushing for {@code millis} from {@code start}, then the thread running again; returns when the flush ended. */
    private static long commit(CommitPacing.Pacer pacer, long start, long millis) {
        pacer.flushing(start);
        long end = start + millis * MS;
        pacer.flushed(end);
        pacer.running();
        return end;
    }
}

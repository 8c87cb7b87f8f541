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
    void aTaskThatIsNotBehindGetsACommitAtEveryRequestHoweverExpensiveTheCommits() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        commit(pacer, start, 150);

        // The requests come every interval; the next one, right after this expensive commit, is answered.
        assertTrue(pacer.due(start + 100 * MS, false));
        assertTrue(pacer.due(start + 160 * MS, false));
    }

    @Test
    void behindCheapCommitsStillComeEveryInterval() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        commit(pacer, start, 10);

        assertFalse(pacer.due(start + 99 * MS, true));
        assertTrue(pacer.due(start + 100 * MS, true));
    }

    @Test
    void behindAnExpensiveCommitIsFollowedByFourTimesItsFlushesOfOtherWork() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        commit(pacer, start, 150);

        assertFalse(pacer.due(start + 300 * MS, true));
        assertFalse(pacer.due(start + 749 * MS, true));
        // 150 ms of flushes in a 750 ms cycle: a fifth.
        assertTrue(pacer.due(start + 750 * MS, true));
    }

    @Test
    void noCommitWaitsLongerThanTheLongestInterval() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        commit(pacer, start, 900);

        assertFalse(pacer.due(start + 999 * MS, true));
        assertTrue(pacer.due(start + 1000 * MS, true));
    }

    @Test
    void aCommitCostsItsTasksFlushesNotTheWaitsBetweenThem() {
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
        // The thread then waits for the transaction and for input: not the flushes' cost.
        pacer.running();
        assertFalse(pacer.committing());

        assertFalse(pacer.due(start + 749 * MS, true), "150 ms of flushes want a 750 ms cycle");
        assertTrue(pacer.due(start + 750 * MS, true));
    }

    @Test
    void theNextCommitStartsItsOwnCount() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long first = System.nanoTime();
        commit(pacer, first, 200);
        long second = first + 1000 * MS;
        commit(pacer, second, 20);

        assertTrue(pacer.due(second + 100 * MS, true), "the second commit's 20 ms count, not 220");
    }

    @Test
    void runningWithoutACommitChangesNothing() {
        CommitPacing.Pacer pacer = new CommitPacing.Pacer(pacing);
        long start = System.nanoTime();
        commit(pacer, start, 150);
        pacer.running();

        assertFalse(pacer.due(start + 749 * MS, true));
        assertTrue(pacer.due(start + 750 * MS, true));
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

    /** One task's commit starting at {@code start} and flushing for {@code millis}, then the thread running again. */
    private static void commit(CommitPacing.Pacer pacer, long start, long millis) {
        pacer.flushing(start);
        pacer.flushed(start + millis * MS);
        pacer.running();
    }
}

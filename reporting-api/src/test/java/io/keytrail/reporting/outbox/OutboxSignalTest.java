package io.keytrail.reporting.outbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxSignalTest {

    @Test
    void aSignalRaisedBeforeTheRestEndsItAtOnce() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        signal.rowsCommitted();
        long began = System.nanoTime();
        signal.await(Duration.ofMinutes(1));
        assertTrue(System.nanoTime() - began < Duration.ofSeconds(5).toNanos(), "the raised signal was not seen");
    }

    @Test
    void anAwaitLowersTheSignalSoTheNextRestLastsItsTime() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        signal.rowsCommitted();
        signal.await(Duration.ofMinutes(1));
        long began = System.nanoTime();
        signal.await(Duration.ofMillis(200));
        assertTrue(System.nanoTime() - began >= Duration.ofMillis(200).toNanos(), "a lowered signal ended the rest");
    }

    @Test
    void aCommitDuringTheRestWakesTheWaiter() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        CountDownLatch woke = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                signal.await(Duration.ofMinutes(1));
                woke.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread.sleep(100);
        signal.rowsCommitted();
        assertTrue(woke.await(5, TimeUnit.SECONDS), "the waiter slept on");
        waiter.join();
    }
}

package io.keytrail.gateway.reload;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class ReloadSignalTest {
    @Test
    void sighupRunsTheReload() throws InterruptedException {
        AtomicInteger reloads = new AtomicInteger();
        // Installed before raising: without a handler SIGHUP would end the test JVM.
        assumeTrue(ReloadSignal.install(reloads::incrementAndGet), "SIGHUP cannot be handled on this platform");
        Signal.raise(new Signal("HUP"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reloads.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "SIGHUP did not reach the handler");
            Thread.sleep(10);
        }
    }
}

package io.keytrail.bench.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's handling on a stand-in: a shell that prints what KafkaNode prints when ready, then
 * waits on its standard input (a builtin: no child process to outlive it).
 */
class BrokerTest {

    @Test
    void frozenThawedKilledAndStartedAgainAsItWasStarted(@TempDir Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo KAFKA_READY $STAND_IN; read line")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("STAND_IN", "broker-1");
        Process original = builder.start();
        Broker broker = new Broker(original.pid());
        try {
            broker.freeze();
            assertEquals('T', Broker.state(original.pid()));
            broker.thaw();
            assertNotEquals('T', Broker.state(original.pid()));
            broker.thaw(); // not frozen: nothing to do

            broker.freeze();
            broker.kill(); // a frozen process dies of SIGKILL too
            assertTrue(original.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, original.exitValue());
            assertFalse(broker.pid() == original.pid() && original.isAlive());

            Path log = dir.resolve("restarted.log");
            broker.restart(log, Duration.ofSeconds(30));
            long again = broker.pid();
            assertNotEquals(original.pid(), again);
            assertTrue(ProcessHandle.of(again).map(ProcessHandle::isAlive).orElse(false));
            // Same command line, environment and directory.
            assertTrue(java.nio.file.Files.readString(log, StandardCharsets.UTF_8).contains("KAFKA_READY broker-1"));
            assertEquals(dir.toRealPath(), Broker.launchOf(again).directory().toRealPath());
            assertTrue(broker.cpuSeconds() >= 0);
            broker.freeze();
            broker.release();
            assertNotEquals('T', Broker.state(again), "released, a frozen broker is thawed");
            assertThrows(IllegalStateException.class, broker::freeze, "and never frozen again");
            assertThrows(IllegalStateException.class, broker::kill);
        } finally {
            broker.release();
            broker.close();
            original.destroyForcibly();
        }
        long restarted = broker.pid();
        assertFalse(ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false), "close() stops the restarted broker");
    }

    @Test
    void aRestartComesAfterAKill() {
        Broker broker = new Broker(ProcessHandle.current().pid());
        assertThrows(IllegalStateException.class, () -> broker.restart(Path.of("unused.log"), Duration.ofSeconds(1)));
    }

    @Test
    void procFilesAreNulSeparated() throws Exception {
        assertEquals(List.of("java", "-cp", "a b.jar", "Main"),
                Broker.split("java\0-cp\0a b.jar\0Main\0".getBytes(StandardCharsets.UTF_8)));
        Broker.Launch self = Broker.launchOf(ProcessHandle.current().pid());
        assertTrue(self.command().get(0).endsWith("java"), self.command().toString());
        assertTrue(self.environment().containsKey("PATH"));
    }
}

package io.keytrail.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportingMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aBadSettingExitsWith2NamingIt() {
        int status = run(new String[0], Map.of("KEYTRAIL_REPORTING_PORT", "http"));

        assertEquals(2, status);
        assertTrue(err().contains("http.port") && err().contains("KEYTRAIL_REPORTING_PORT"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitWith2() {
        assertEquals(2, run(new String[] {"--port", "1"}, Map.of()));
        assertTrue(err().contains("unknown argument --port"), err());
        assertEquals(2, run(new String[] {"--config"}, Map.of()));
        assertEquals(2, run(new String[] {"--config", dir.resolve("missing.properties").toString()}, Map.of()));
        assertTrue(err().contains("missing.properties"), err());
    }

    @Test
    void whenKafkaIsUnreachableStartUpFailsWith1AndLeavesNothingBehind() {
        Map<String, String> env = Map.of(
                "KEYTRAIL_DATA_DIR", dir.toString(),
                "KEYTRAIL_REPORTING_PORT", "0",
                "KEYTRAIL_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "KEYTRAIL_KAFKA_STARTUP_TIMEOUT_MS", "1000");

        assertEquals(1, run(new String[0], env));
        assertTrue(err().contains("cannot start") && err().contains("127.0.0.1:1"), err());
        // The database was closed on the way out, so a second attempt is refused for Kafka again, not for a locked file.
        err.reset();
        assertEquals(1, run(new String[0], env));
        assertTrue(err().contains("127.0.0.1:1"), err());
    }

    private int run(String[] args, Map<String, String> env) {
        return ReportingMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

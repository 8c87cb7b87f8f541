package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aBadConfigPrintsTheMessageWithoutAStackTraceAndExitsTwo(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("streams.properties"), "streams.commit-interval-ms=abc\n");

        int exit = run(Map.of(), "--config", config.toString());

        assertEquals(2, exit);
        assertEquals("audit-streams: streams.commit-interval-ms: must be a positive integer, got 'abc' (from "
                + config + ")" + System.lineSeparator(), stderr());
        assertEquals("", stdout());
    }

    @Test
    void aBadEnvironmentVariableExitsTwo() {
        int exit = run(Map.of("KEYTRAIL_KAFKA_BOOTSTRAP", "no-port"));

        assertEquals(2, exit);
        assertTrue(stderr().startsWith("audit-streams: kafka.bootstrap: "), stderr());
    }

    @Test
    void anUnknownArgumentPrintsUsageAndExitsTwo() {
        int exit = run(Map.of(), "--conifg", "x");

        assertEquals(2, exit);
        assertTrue(stderr().contains("unknown argument '--conifg'"), stderr());
        assertTrue(stderr().contains("usage: audit-streams [--config FILE]"), stderr());
    }

    @Test
    void aMissingConfigValueExitsTwo() {
        assertEquals(2, run(Map.of(), "--config"));
        assertTrue(stderr().contains("--config needs a file"), stderr());
    }

    private int run(Map<String, String> env, String... args) {
        return StreamsMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

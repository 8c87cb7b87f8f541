package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.reporting.config.ReportingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed right after two commits: the one written out on commit is in the H2 file, the
 * one left to H2's write delay is not. The child JVM halts, so nothing closes the database.
 */
class DurabilityTest {

    @Test
    void aChangeWrittenOutOnCommitSurvivesAKillAndOneLeftToH2DoesNot(@TempDir Path dir) throws Exception {
        // A write delay no test outlasts: what is on file after the kill got there on commit.
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";AUTO_SERVER=FALSE;WRITE_DELAY=600000";
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), KilledAfterCommits.class.getName(), url)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end");
        assertEquals(KilledAfterCommits.HALTED, child.exitValue(), Files.readString(log));

        try (Database database = Database.open(new ReportingSettings.Database(url, "sa", ""))) {
            List<String> topics = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT topic FROM ingest_progress ORDER BY topic").mapTo(String.class).list());
            assertEquals(List.of("written-out"), topics);
        }
    }

    /** The child: commits one row made durable, then one left to H2, then dies without closing anything. */
    static final class KilledAfterCommits {
        static final int HALTED = 9;

        public static void main(String[] args) {
            Database database = Database.open(new ReportingSettings.Database(args[0], "sa", ""));
            database.jdbi().useTransaction(handle -> {
                Durability.writtenOutOnCommit(handle);
                insert(handle, "written-out");
            });
            database.jdbi().useTransaction(handle -> insert(handle, "left-to-h2"));
            Runtime.getRuntime().halt(HALTED);
        }

        private static void insert(Handle handle, String topic) {
            handle.execute("INSERT INTO ingest_progress (topic, partition_id, next_offset, updated_at)"
                    + " VALUES (?, 0, 1, CURRENT_TIMESTAMP)", topic);
        }
    }
}

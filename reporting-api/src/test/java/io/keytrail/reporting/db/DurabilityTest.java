package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keytrail.reporting.config.ReportingSettings;
import io.keytrail.reporting.support.TestApi;
import java.net.http.HttpResponse;
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

    /**
     * Every administrator's change through the real API is on file when it is answered: nothing
     * committed is left in H2's memory (the API has no background writer that could add any).
     */
    @Test
    void adminChangesAreOnFileWhenAnswered(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";AUTO_SERVER=FALSE;WRITE_DELAY=600000";
        try (TestApi api = new TestApi(Database.open(new ReportingSettings.Database(url, "sa", "")))) {
            assertTrue(unsaved(api), "the premise: a commit stays in H2's memory (TestApi's own set-up)");

            HttpResponse<String> created = api.createKey("mobile",
                    "{\"developer\":\"alice\",\"description\":\"durable\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertFalse(unsaved(api), "a created key");

            String keyId = new ObjectMapper().readTree(created.body()).path("keyId").asText();
            dirty(api);
            assertEquals(200, api.send("POST", "/admin/keys/" + keyId + "/revoke", null, TestApi.TOKEN).statusCode());
            assertFalse(unsaved(api), "a revocation");

            dirty(api);
            assertEquals(201, api.send("POST", "/admin/projects", "{\"id\":\"durable\"}", TestApi.TOKEN).statusCode());
            assertFalse(unsaved(api), "a new project");

            dirty(api);
            assertEquals(201, api.send("POST", "/admin/developers", "{\"id\":\"durable\"}", TestApi.TOKEN)
                    .statusCode());
            assertFalse(unsaved(api), "a new developer");
        }
    }

    private static boolean unsaved(TestApi api) throws java.sql.SQLException {
        return api.jdbi().withHandle(h -> H2WriteBuffer.store(h.getConnection()).hasUnsavedChanges());
    }

    /** An ordinary commit, so that the next check means something. */
    private static void dirty(TestApi api) throws java.sql.SQLException {
        api.jdbi().useHandle(h -> h.execute("INSERT INTO ingest_progress (topic, partition_id, next_offset, updated_at)"
                + " VALUES (?, 0, 1, CURRENT_TIMESTAMP)", "dirty-" + System.nanoTime()));
        assertTrue(unsaved(api));
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

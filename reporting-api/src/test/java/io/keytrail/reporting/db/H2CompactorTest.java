package io.keytrail.reporting.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paced compaction of an H2 file. H2 only: PostgreSQL has no such thing to do. */
class H2CompactorTest {

    /**
     * With H2's own compaction off (as in the default URL), the paced passes still give back the
     * space of deleted rows: half of every chunk's rows gone leaves it half full, and passes
     * rewrite the live half until the chunks are fuller than the target. A plain connection, so that no scheduled
     * pass runs on the store meanwhile.
     */
    @Test
    void pacedPassesRefillTheChunksThatDeletesEmptied(@TempDir Path dir) throws Exception {
        JdbcDataSource pool = new JdbcDataSource();
        pool.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve("compact")
                + ";AUTO_SERVER=FALSE;AUTO_COMPACT_FILL_RATE=0;RETENTION_TIME=0");
        pool.setUser("sa");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // A small buffer, so that the rows spread over many small chunks.
            assertTrue(H2WriteBuffer.resize(pool, 1));
            s.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, pad VARCHAR(400))");
            c.setAutoCommit(false);
            for (int batch = 0; batch < 20; batch++) {
                s.execute("INSERT INTO scratch SELECT X, REPEAT('p', 300) FROM SYSTEM_RANGE("
                        + batch * 2_000 + ", " + (batch * 2_000 + 1_999) + ")");
                c.commit();
            }
            c.setAutoCommit(true);
            s.execute("CHECKPOINT");
            s.execute("DELETE FROM scratch WHERE MOD(id, 2) = 0");
            s.execute("CHECKPOINT");
            H2Compactor compactor = H2Compactor.manual(c);
            int before = compactor.chunksFillRate();
            int passes = 0;
            int after = before;
            // Rewritten chunks are freed at a later store: a few rounds, each a pass and a store.
            for (int round = 0; round < 100 && after < H2Compactor.TARGET_FILL_RATE; round++) {
                passes += compactor.pass() ? 1 : 0;
                s.execute("CHECKPOINT");
                after = compactor.chunksFillRate();
                Thread.sleep(10);
            }

            assertTrue(before < H2Compactor.TARGET_FILL_RATE, "the deletes left chunks " + before + "% full");
            assertTrue(passes > 0, "a pass rewrote something");
            assertTrue(after >= H2Compactor.TARGET_FILL_RATE,
                    "fill rate " + before + "% before, " + after + "% after " + passes + " passes");
        }
    }

    /**
     * Stopping the passes waits for the one under way: an interrupt inside a pass would close H2's
     * file channel under the store, and the database could no longer write what it holds.
     */
    @Test
    void stoppingThePassesLeavesTheStoreWorking(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("stopping")
                + ";AUTO_SERVER=FALSE;AUTO_COMPACT_FILL_RATE=0;RETENTION_TIME=0";
        JdbcDataSource pool = new JdbcDataSource();
        pool.setURL(url);
        pool.setUser("sa");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, pad VARCHAR(400))");
            for (int round = 0; round < 5; round++) {
                int first = round * 10_000;
                s.execute("INSERT INTO scratch SELECT X, REPEAT('p', 300) FROM SYSTEM_RANGE("
                        + first + ", " + (first + 9_999) + ")");
                s.execute("CHECKPOINT");
                s.execute("DELETE FROM scratch WHERE MOD(id, 2) = 0 AND id >= " + first);
                s.execute("CHECKPOINT");
                // Passes back to back, stopped at whatever point one has reached.
                AutoCloseable compactor = H2Compactor.start(pool, 1);
                Thread.sleep(20);
                compactor.close();
            }
            s.execute("INSERT INTO scratch VALUES (-1, 'after')");
            s.execute("CHECKPOINT");
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT COUNT(*) FROM scratch")) {
            rows.next();
            assertEquals(25_001, rows.getInt(1));
        }
    }
}

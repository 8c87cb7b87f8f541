package io.keytrail.reporting.db;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an administrator's change survive a crash of this process before it is answered. H2 keeps
 * a commit in memory until its next store, up to its write delay later, and a killed process loses
 * it: a revocation answered 200 could come back unrevoked. Ingest does not need this (it reads
 * again what the database lost) and would be slowed by it; PostgreSQL's commit is durable already.
 */
public final class Durability {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

    private Durability() {
    }

    /** Once the transaction of {@code handle} commits, H2 writes every committed change to its file. */
    public static void writtenOutOnCommit(Handle handle) {
        if (isH2(handle)) {
            handle.afterCommit(() -> writeOut(handle.getJdbi()));
        }
    }

    private static boolean isH2(Handle handle) {
        try {
            return "H2".equals(handle.getConnection().getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return false;
        }
    }

    private static void writeOut(Jdbi jdbi) {
        try {
            // The change is committed and visible whatever happens here: a failure is logged, not answered.
            jdbi.useHandle(h -> h.execute("CHECKPOINT"));
        } catch (RuntimeException e) {
            LOG.warn("could not write committed changes to the H2 file at once (H2 will within its write delay): {}",
                    e.toString());
        }
    }
}

package io.keytrail.reporting.db;

import java.sql.SQLException;

/** Recognises a unique-key violation (SQLSTATE 23505, alike on H2 and PostgreSQL) in a failure's causes. */
public final class UniqueViolations {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

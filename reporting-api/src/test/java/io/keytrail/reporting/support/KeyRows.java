package io.keytrail.reporting.support;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Key rows written straight through {@link ApiKeyDao}, for tests that need keys in some status
 * without going through the key routes. The project and developer must exist.
 */
public final class KeyRows {
    private KeyRows() {
    }

    /** Inserts a key with id {@code keyId} (which also seeds its hash) and answers it. */
    public static ApiKeyRow insert(Jdbi jdbi, String keyId, String project, String developer, KeyStatus status) {
        ApiKeyRow row = row(keyId, project, developer, status);
        jdbi.useExtension(ApiKeyDao.class, dao -> dao.insert(row));
        return row;
    }

    /** A key row created now, for {@link ApiKeyDao#insert} on a handle of the test's choosing. */
    public static ApiKeyRow row(String keyId, String project, String developer, KeyStatus status) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new ApiKeyRow(keyId, project, developer, "test key", KeyHashing.sha256Hex(keyId), "Test",
                status, now, now, null, "", null, null, null, null, null, null, false, 1);
    }

    /** Revokes an active key as {@code POST /admin/keys/{keyId}/revoke} would change its row. */
    public static void revoke(Jdbi jdbi, String keyId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int changed = jdbi.withExtension(ApiKeyDao.class,
                dao -> dao.changeStatus(keyId, KeyStatus.ACTIVE, KeyStatus.REVOKED, now));
        if (changed != 1) {
            throw new IllegalStateException("key " + keyId + " was not active");
        }
    }
}

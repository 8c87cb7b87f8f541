package io.keytrail.reporting.auth;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.keys.KeyHashing;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds the developer an API key belongs to, as the gateway would: by the key's SHA-256 hash, and
 * only for a key that is {@code ACTIVE} and not past its expiry. The key itself is never kept.
 */
public final class DeveloperKeys {
    /** Longer values are no key this system issued or imported; they are refused without hashing. */
    public static final int MAX_KEY_LENGTH = 256;

    private final Jdbi jdbi;
    private final Clock clock;

    public DeveloperKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key's developer, or empty for a missing, unknown, inactive or expired key. */
    public Optional<String> developerOf(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        String hash = KeyHashing.sha256Hex(key);
        Instant now = clock.instant();
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.findByHash(hash))
                .filter(row -> row.status() == KeyStatus.ACTIVE)
                .filter(row -> row.expiresAt() == null || row.expiresAt().isAfter(now))
                .map(ApiKeyRow::developerId);
    }
}

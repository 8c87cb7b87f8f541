package io.keytrail.reporting.admin;

import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.db.UniqueViolations;
import io.keytrail.reporting.keys.KeyGenerator;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.keys.KeyVault;
import io.keytrail.reporting.outbox.OutboxSignal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues API keys, fresh, imported or as the successor of a rotated key. The key's hash, its
 * sealed copy, its metadata, the {@link KeyRecord} for the keys topic and the lifecycle events are
 * written in one transaction, so a key exists for gateways if and only if it exists in the
 * database. The key itself is returned and kept only encrypted under the master key.
 */
public final class KeyIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(KeyIssuer.class);
    private static final int MAX_ATTEMPTS = 3;

    /** The result of an issue: the key, or why there is none. */
    public record Issue(Outcome outcome, IssuedKey key) {
        public enum Outcome {
            ISSUED,
            UNKNOWN_PROJECT,
            UNKNOWN_DEVELOPER,
            /** An imported value some key already has; which key is not said, as that would leak it. */
            DUPLICATE_KEY
        }

        static Issue of(Outcome outcome) {
            return new Issue(outcome, null);
        }
    }

    /** The result of a rotation: both keys, or why nothing changed. */
    public record Rotation(Outcome outcome, IssuedKey newKey, KeyDetails oldKey) {
        public enum Outcome {
            ROTATED,
            NOT_FOUND,
            NOT_ACTIVE,
            ALREADY_ROTATED
        }

        static Rotation of(Outcome outcome) {
            return new Rotation(outcome, null, null);
        }
    }

    private final Jdbi jdbi;
    private final KeyGenerator generator;
    private final KeyVault vault;
    private final KeyOutbox outbox;
    private final Clock clock;

    public KeyIssuer(Jdbi jdbi, KeyGenerator generator, KeyVault vault, io.keytrail.events.Topics topics,
                     Clock clock, OutboxSignal outboxSignal) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.outbox = new KeyOutbox(topics, outboxSignal);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a key for {@code developer} in {@code project}, both of which must exist.
     *
     * @param importedKey the value to use instead of a generated one, checked by {@link KeyRules#importedKey};
     *                    {@code null} to generate
     * @param actor       who asked, for the log and the lifecycle event
     */
    public Issue issue(String project, String developer, KeySettings settings, String importedKey, String actor) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(developer, "developer");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(actor, "actor");
        Issue issue = retryingConflicts(() -> jdbi.inTransaction(handle -> {
            // Locked, not just read: a concurrent delete of the owner waits, then sees this key as active.
            if (!handle.attach(ProjectDao.class).lockIfLive(project)) {
                return Issue.of(Issue.Outcome.UNKNOWN_PROJECT);
            }
            if (!handle.attach(DeveloperDao.class).lockIfLive(developer)) {
                return Issue.of(Issue.Outcome.UNKNOWN_DEVELOPER);
            }
            String key = importedKey != null ? importedKey : generator.newKey();
            if (importedKey != null
                    && handle.attach(ApiKeyDao.class).findByHash(KeyHashing.sha256Hex(key)).isPresent()) {
                return Issue.of(Issue.Outcome.DUPLICATE_KEY);
            }
            IssuedKey issued = insert(handle, project, developer, settings, key, importedKey != null, actor, now(),
                    null);
            return new Issue(Issue.Outcome.ISSUED, issued);
        }));
        if (issue.outcome() == Issue.Outcome.ISSUED) {
            LOG.info("{} {} key {} (hint {}) for developer {} in project {}", actor,
                    importedKey != null ? "imported" : "issued", issue.key().keyId(), issue.key().details().keyHint(),
                    developer, project);
        }
        return issue;
    }

    /**
     * Replaces an active key with a new one for the same developer, project and settings. The old
     * key keeps working for {@code gracePeriodSeconds} (never beyond its own expiry), so clients
     * can switch over without an outage; both keys get a {@code ROTATED} event naming the other.
     */
    public Rotation rotate(String keyId, long gracePeriodSeconds, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
        Rotation rotation = retryingConflicts(() -> jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            Optional<ApiKeyRow> found = keys.find(keyId);
            if (found.isEmpty()) {
                return Rotation.of(Rotation.Outcome.NOT_FOUND);
            }
            ApiKeyRow old = found.get();
            Instant now = now();
            // Past its expiry counts as expired even before the sweep records it: its successor,
            // which keeps its settings and expiry, would be born dead.
            if (old.status() != KeyStatus.ACTIVE || old.expiresAt() != null && !old.expiresAt().isAfter(now)) {
                return Rotation.of(Rotation.Outcome.NOT_ACTIVE);
            }
            if (old.replacedBy() != null) {
                return Rotation.of(Rotation.Outcome.ALREADY_ROTATED);
            }
            Instant deadline = now.plusSeconds(gracePeriodSeconds);
            if (old.expiresAt() != null && old.expiresAt().isBefore(deadline)) {
                deadline = old.expiresAt();
            }
            KeySettings settings = new KeySettings(old.description(), old.allowedApiList(), old.expiresAt(),
                    old.rateLimit(), old.quota());
            IssuedKey successor = insert(handle, old.projectId(), old.developerId(), settings, generator.newKey(),
                    false, actor, now, old.keyId());
            if (keys.markRotated(keyId, successor.keyId(), deadline, now) == 0) {
                // Another admin changed the key since it was read; the transaction rolls back the successor.
                throw new ConcurrentChange();
            }
            ApiKeyRow rotated = keys.find(keyId).orElseThrow();
            outbox.state(handle, rotated, now);
            outbox.event(handle, KeyOutbox.eventFor(KeyLifecycleEvent.Type.ROTATED, rotated, actor, now)
                    .withRelatedKey(successor.keyId()));
            return new Rotation(Rotation.Outcome.ROTATED, successor, KeyDetails.of(rotated));
        }));
        if (rotation.outcome() == Rotation.Outcome.ROTATED) {
            LOG.info("{} rotated key {} to {}; the old key works until {}", actor, keyId, rotation.newKey().keyId(),
                    rotation.oldKey().expiresAt());
        }
        return rotation;
    }

    private IssuedKey insert(Handle handle, String project, String developer, KeySettings settings, String key,
                             boolean imported, String actor, Instant now, String predecessor) {
        ApiKeyDao keys = handle.attach(ApiKeyDao.class);
        KeyRecord.RateLimit rateLimit = settings.rateLimit();
        KeyRecord.Quota quota = settings.quota();
        ApiKeyRow row = new ApiKeyRow(generator.newKeyId(), project, developer, settings.description(),
                KeyHashing.sha256Hex(key), KeyHashing.hint(key), KeyStatus.ACTIVE, now, now, settings.expiresAt(),
                ApiKeyRow.joinApis(settings.allowedApis()),
                rateLimit == null ? null : rateLimit.requests(), rateLimit == null ? null : rateLimit.windowSeconds(),
                quota == null ? null : quota.requests(), quota == null ? null : quota.period().name(),
                null, null, imported, 1);
        keys.insert(row);
        keys.storeSealedKey(row.keyId(), vault.seal(row.keyId(), key));
        outbox.state(handle, row, now);
        KeyLifecycleEvent created = KeyOutbox.eventFor(KeyLifecycleEvent.Type.CREATED, row, actor, now);
        outbox.event(handle, created);
        if (predecessor != null) {
            outbox.event(handle, KeyOutbox.eventFor(KeyLifecycleEvent.Type.ROTATED, row, actor, now)
                    .withRelatedKey(predecessor));
        }
        return new IssuedKey(KeyDetails.of(row), key);
    }

    /**
     * Runs {@code work} again after a uniqueness conflict: a key id or hash that repeated
     * (astronomically rare), or two admins importing one value at once, which the second attempt
     * reports as a duplicate; and after a concurrent change of the key being rotated.
     */
    private static <T> T retryingConflicts(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (UnableToExecuteStatementException | ConcurrentChange e) {
                if (attempt >= MAX_ATTEMPTS || !(e instanceof ConcurrentChange || UniqueViolations.isCause(e))) {
                    throw e;
                }
                LOG.info("retrying after a conflicting concurrent change (attempt {})", attempt);
            }
        }
    }

    private Instant now() {
        // Millisecond precision: every database keeps it, so the stored, published and returned times agree.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Thrown inside a transaction to roll it back and try again. */
    private static final class ConcurrentChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange() {
            super("the key changed concurrently", null, false, false);
        }
    }
}

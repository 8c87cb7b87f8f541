package io.keytrail.reporting.admin;

import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.http.Page;
import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.keys.KeyVault;
import io.keytrail.reporting.outbox.OutboxSignal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an issued key as admins drive it: finding, revealing, updating, revoking, deleting
 * and expiring it. Every change and every reveal is written with its outbox records in one
 * transaction, so Kafka learns of exactly what the database holds. Answers say what happened;
 * turning that into HTTP is the handlers' job.
 */
public final class KeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(KeyManager.class);

    /** What became of a request about one key. */
    public enum Outcome {
        DONE,
        NOT_FOUND,
        /** The key's status does not allow the change; the answer's key says which status it has. */
        WRONG_STATUS,
        /** Issued before copies were kept: the key exists but cannot be shown again. */
        NOT_RECOVERABLE,
        /** Replaced by a rotation and living out its grace period: its successor is the key to change. */
        ROTATED
    }

    /** The result of a change: the key as it is now, or why nothing changed (with the key as it is, if any). */
    public record Change(Outcome outcome, KeyDetails key) {
        static Change of(Outcome outcome, ApiKeyRow row) {
            return new Change(outcome, row == null ? null : KeyDetails.of(row));
        }
    }

    /** The result of a reveal: the key, or why there is none. */
    public record Reveal(Outcome outcome, RevealedKey key, KeyStatus status) {
        static Reveal of(Outcome outcome, KeyStatus status) {
            return new Reveal(outcome, null, status);
        }
    }

    /** A change of an active key's settings; {@link #description()} and each other field may be left as it is. */
    public record Update(
            Optional<String> description,
            Optional<List<String>> allowedApis,
            Optional<Instant> expiresAt,
            Optional<KeyRecord.RateLimit> rateLimit,
            Optional<KeyRecord.Quota> quota,
            boolean clearExpiry,
            boolean clearRateLimit,
            boolean clearQuota) {
    }

    private final Jdbi jdbi;
    private final KeyVault vault;
    private final KeyOutbox outbox;
    private final Clock clock;

    public KeyManager(Jdbi jdbi, KeyVault vault, io.keytrail.events.Topics topics, Clock clock,
                     OutboxSignal outboxSignal) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.outbox = new KeyOutbox(topics, outboxSignal);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key's metadata, empty for an unknown key; deleted keys are still found. */
    public Optional<KeyDetails> details(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).map(KeyDetails::of);
    }

    /** One page of the keys matching every filter that is not {@code null}, oldest first. */
    public Page<KeyDetails> list(String project, String developer, KeyStatus status, PageRequest page) {
        Objects.requireNonNull(page, "page");
        PageRequest.Cursor after = page.after();
        List<ApiKeyRow> rows = jdbi.withExtension(ApiKeyDao.class, dao -> dao.page(project, developer, status,
                after == null ? null : after.createdAt(), after == null ? null : after.id(), page.fetchSize()));
        return Page.of(rows, page, row -> new PageRequest.Cursor(row.createdAt(), row.keyId()), KeyDetails::of);
    }

    /**
     * Decrypts the key for {@code actor} and records the reveal as a {@code REVEALED} event. The
     * event is committed with the decryption's success: a reveal that fails leaves no record, and
     * no key leaves without one. A deleted key's copy is destroyed: {@code WRONG_STATUS}.
     *
     * @throws KeyVault.UnsealException when the stored copy does not decrypt under this master key
     */
    public Reveal reveal(String keyId, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Reveal reveal = jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            Optional<ApiKeyRow> row = keys.find(keyId);
            if (row.isEmpty()) {
                return Reveal.of(Outcome.NOT_FOUND, null);
            }
            if (row.get().status() == KeyStatus.DELETED) {
                return Reveal.of(Outcome.WRONG_STATUS, KeyStatus.DELETED);
            }
            Optional<String> sealed = keys.findSealedKey(keyId);
            if (sealed.isEmpty()) {
                return Reveal.of(Outcome.NOT_RECOVERABLE, row.get().status());
            }
            RevealedKey key = new RevealedKey(keyId, vault.open(keyId, sealed.get()));
            outbox.event(handle, KeyOutbox.eventFor(KeyLifecycleEvent.Type.REVEALED, row.get(), actor, now));
            return new Reveal(Outcome.DONE, key, row.get().status());
        });
        if (reveal.outcome() == Outcome.DONE) {
            LOG.info("{} revealed key {}", actor, keyId);
        }
        return reveal;
    }

    /** Revokes an active key at once on every gateway. A key that is not active is left exactly as it is. */
    public Change revoke(String keyId, String actor) {
        return changeStatus(keyId, KeyStatus.REVOKED, KeyLifecycleEvent.Type.REVOKED, actor);
    }

    /**
     * Deletes a key that is not deleted yet: gateways drop it, its encrypted copy is destroyed, and
     * its metadata stays for traceability. The topic gets its {@code DELETED} state and then a
     * tombstone, so compaction eventually forgets it.
     */
    public Change delete(String keyId, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Change change = jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            if (keys.markDeleted(keyId, now) == 0) {
                Optional<ApiKeyRow> row = keys.find(keyId);
                return Change.of(row.isEmpty() ? Outcome.NOT_FOUND : Outcome.WRONG_STATUS, row.orElse(null));
            }
            ApiKeyRow row = keys.find(keyId).orElseThrow();
            outbox.state(handle, row, now);
            outbox.tombstone(handle, keyId, now);
            outbox.event(handle, KeyOutbox.eventFor(KeyLifecycleEvent.Type.DELETED, row, actor, now));
            return Change.of(Outcome.DONE, row);
        });
        if (change.outcome() == Outcome.DONE) {
            LOG.info("{} deleted key {}", actor, keyId);
        }
        return change;
    }

    /**
     * Applies {@code update} to an active key and records an {@code UPDATED} event naming the
     * fields that changed. An update that changes nothing is answered with the key, and no event.
     */
    public Change update(String keyId, Update update, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Change change = jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            Optional<ApiKeyRow> found = keys.find(keyId);
            if (found.isEmpty()) {
                return Change.of(Outcome.NOT_FOUND, null);
            }
            ApiKeyRow old = found.get();
            if (old.status() != KeyStatus.ACTIVE) {
                return Change.of(Outcome.WRONG_STATUS, old);
            }
            if (old.replacedBy() != null) {
                // Its expiry is the end of its grace period; changing it would undo the rotation.
                return Change.of(Outcome.ROTATED, old);
            }
            KeySettings before = new KeySettings(old.description(), old.allowedApiList(), old.expiresAt(),
                    old.rateLimit(), old.quota());
            KeySettings after = new KeySettings(update.description().orElse(before.description()),
                    update.allowedApis().orElse(before.allowedApis()),
                    update.clearExpiry() ? null : update.expiresAt().orElse(before.expiresAt()),
                    update.clearRateLimit() ? null : update.rateLimit().orElse(before.rateLimit()),
                    update.clearQuota() ? null : update.quota().orElse(before.quota()));
            List<String> changed = changedFields(before, after);
            if (changed.isEmpty()) {
                return Change.of(Outcome.DONE, old);
            }
            KeyRecord.RateLimit rateLimit = after.rateLimit();
            KeyRecord.Quota quota = after.quota();
            ApiKeyRow updated = new ApiKeyRow(old.keyId(), old.projectId(), old.developerId(), after.description(),
                    old.keyHash(), old.keyHint(), old.status(), old.createdAt(), now, after.expiresAt(),
                    ApiKeyRow.joinApis(after.allowedApis()),
                    rateLimit == null ? null : rateLimit.requests(),
                    rateLimit == null ? null : rateLimit.windowSeconds(),
                    quota == null ? null : quota.requests(), quota == null ? null : quota.period().name(),
                    old.rotatedAt(), old.replacedBy(), old.imported(), old.version());
            if (keys.updateSettings(updated) == 0) {
                // Revoked, expired or deleted between the read and the write: report it as it is now.
                return Change.of(Outcome.WRONG_STATUS, keys.find(keyId).orElseThrow());
            }
            ApiKeyRow row = keys.find(keyId).orElseThrow();
            outbox.state(handle, row, now);
            outbox.event(handle, KeyOutbox.eventFor(KeyLifecycleEvent.Type.UPDATED, row, actor, now)
                    .withChanges(changed));
            return Change.of(Outcome.DONE, row);
        });
        if (change.outcome() == Outcome.DONE) {
            LOG.info("{} updated key {}", actor, keyId);
        }
        return change;
    }

    /**
     * Records the expiry of active keys whose {@code expiresAt} has passed: status {@code EXPIRED} and
     * an {@code EXPIRED} event by {@link KeyLifecycleEvent#SYSTEM}, one transaction per key. Gateways
     * refused the keys from the instant they expired; this makes the control plane's view and the
     * trail agree.
     *
     * @return how many keys it recorded as expired
     */
    public int recordExpiries(int limit) {
        Instant now = now();
        List<ApiKeyRow> due = jdbi.withExtension(ApiKeyDao.class, dao -> dao.dueToExpire(now, limit));
        int expired = 0;
        for (ApiKeyRow row : due) {
            Change change = changeStatus(row.keyId(), KeyStatus.EXPIRED, KeyLifecycleEvent.Type.EXPIRED,
                    KeyLifecycleEvent.SYSTEM);
            if (change.outcome() == Outcome.DONE) {
                expired++;
            }
        }
        return expired;
    }

    private Change changeStatus(String keyId, KeyStatus to, KeyLifecycleEvent.Type type, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Change change = jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            if (keys.changeStatus(keyId, KeyStatus.ACTIVE, to, now) == 0) {
                Optional<ApiKeyRow> row = keys.find(keyId);
                return Change.of(row.isEmpty() ? Outcome.NOT_FOUND : Outcome.WRONG_STATUS, row.orElse(null));
            }
            ApiKeyRow row = keys.find(keyId).orElseThrow();
            outbox.state(handle, row, now);
            outbox.event(handle, KeyOutbox.eventFor(type, row, actor, now));
            return Change.of(Outcome.DONE, row);
        });
        if (change.outcome() == Outcome.DONE) {
            LOG.info("{}: key {} is now {}", actor, keyId, to);
        }
        return change;
    }

    private static List<String> changedFields(KeySettings before, KeySettings after) {
        List<String> changed = new ArrayList<>();
        if (!before.description().equals(after.description())) {
            changed.add("description");
        }
        if (!before.allowedApis().equals(after.allowedApis())) {
            changed.add("allowedApis");
        }
        if (!Objects.equals(before.expiresAt(), after.expiresAt())) {
            changed.add("expiresAt");
        }
        if (!Objects.equals(before.rateLimit(), after.rateLimit())) {
            changed.add("rateLimit");
        }
        if (!Objects.equals(before.quota(), after.quota())) {
            changed.add("quota");
        }
        return changed;
    }

    private Instant now() {
        // Millisecond precision, as KeyIssuer: every database keeps it, so stored and published times agree.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

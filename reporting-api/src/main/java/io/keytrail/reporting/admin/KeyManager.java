package io.keytrail.reporting.admin;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.Topics;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.keys.KeyVault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an issued key as admins drive it: looking it up, revealing and revoking it. Every change and
 * every reveal is written with its outbox records in one transaction, so Kafka learns of exactly
 * what the database holds. Answers say what happened; turning that into HTTP is the handlers' job.
 */
public final class KeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(KeyManager.class);

    /** The result of a reveal: the key, or why there is none. */
    public record Reveal(Outcome outcome, RevealedKey key) {
        public enum Outcome {
            REVEALED,
            NOT_FOUND,
            /** Issued before copies were kept: the key exists but cannot be shown again. */
            NOT_RECOVERABLE
        }

        static Reveal of(Outcome outcome) {
            return new Reveal(outcome, null);
        }
    }

    /** The result of a revocation: the revoked key, or why nothing changed. */
    public record Revocation(Outcome outcome, KeyDetails key) {
        public enum Outcome {
            REVOKED,
            NOT_FOUND,
            ALREADY_REVOKED
        }

        static Revocation of(Outcome outcome) {
            return new Revocation(outcome, null);
        }
    }

    private final Jdbi jdbi;
    private final KeyVault vault;
    private final Topics topics;
    private final Clock clock;

    public KeyManager(Jdbi jdbi, KeyVault vault, Topics topics, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key's metadata, empty for an unknown key. */
    public Optional<KeyDetails> details(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(keyId)).map(KeyDetails::of);
    }

    /**
     * Decrypts the key for {@code actor} and records the reveal as a {@code REVEALED} event. The
     * event is committed with the decryption's success: a reveal that fails leaves no record, and
     * no key leaves without one.
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
                return Reveal.of(Reveal.Outcome.NOT_FOUND);
            }
            Optional<String> sealed = keys.findSealedKey(keyId);
            if (sealed.isEmpty()) {
                return Reveal.of(Reveal.Outcome.NOT_RECOVERABLE);
            }
            RevealedKey key = new RevealedKey(keyId, vault.open(keyId, sealed.get()));
            appendEvent(handle, KeyLifecycleEvent.Type.REVEALED, row.get(), actor, now);
            return new Reveal(Reveal.Outcome.REVEALED, key);
        });
        if (reveal.outcome() == Reveal.Outcome.REVEALED) {
            LOG.info("{} revealed key {}", actor, keyId);
        }
        return reveal;
    }

    /**
     * Revokes an active key: its status, a new version, the updated {@link KeyRecord} for the
     * gateways and a {@code REVOKED} event are committed together. A key that is not active is
     * left exactly as it is.
     */
    public Revocation revoke(String keyId, String actor) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Revocation revocation = jdbi.inTransaction(handle -> {
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            if (keys.changeStatus(keyId, KeyStatus.ACTIVE, KeyStatus.REVOKED) == 0) {
                return Revocation.of(keys.find(keyId).isEmpty()
                        ? Revocation.Outcome.NOT_FOUND
                        : Revocation.Outcome.ALREADY_REVOKED);
            }
            ApiKeyRow row = keys.find(keyId).orElseThrow();
            KeyRecord record = new KeyRecord(KeyRecord.SCHEMA_VERSION, row.keyId(), row.keyHash(), row.keyHint(),
                    row.projectId(), row.developerId(), row.status(), row.createdAt(), row.expiresAt(), List.of(), row.version(), null, null);
            handle.attach(OutboxDao.class).append(topics.keys(), row.keyId(),
                    new String(EventSerdes.keyRecord().serialize(topics.keys(), record), StandardCharsets.UTF_8), now);
            appendEvent(handle, KeyLifecycleEvent.Type.REVOKED, row, actor, now);
            return new Revocation(Revocation.Outcome.REVOKED, KeyDetails.of(row));
        });
        if (revocation.outcome() == Revocation.Outcome.REVOKED) {
            LOG.info("{} revoked key {}", actor, keyId);
        }
        return revocation;
    }

    private void appendEvent(Handle handle, KeyLifecycleEvent.Type type, ApiKeyRow row, String actor, Instant now) {
        KeyLifecycleEvent event = KeyLifecycleEvent.of(type, now, row.keyId(), row.projectId(), row.developerId(),
                actor);
        String payload = new String(EventSerdes.keyLifecycleEvent().serialize(topics.keyEvents(), event),
                StandardCharsets.UTF_8);
        handle.attach(OutboxDao.class).append(topics.keyEvents(), row.keyId(), payload, now);
    }

    private Instant now() {
        // Millisecond precision, as KeyIssuer: every database keeps it, so stored and published times agree.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

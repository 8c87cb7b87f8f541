package io.keytrail.reporting.admin;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.JsonSerde;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import io.keytrail.events.Topics;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.keys.KeyGenerator;
import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.keys.KeyVault;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues API keys. The key's hash, its sealed copy, its metadata, the {@link KeyRecord} for the
 * {@code keys} topic and the {@code CREATED} lifecycle event are written in one transaction, so a
 * key exists for gateways if and only if it exists in the database. The key itself is returned and
 * kept only encrypted under the master key.
 */
public final class KeyIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(KeyIssuer.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final String UNIQUE_VIOLATION = "23505";
    public static final int MAX_DESCRIPTION_LENGTH = 256;

    private final Jdbi jdbi;
    private final KeyGenerator generator;
    private final KeyVault vault;
    private final Topics topics;
    private final Clock clock;
    private final JsonSerde<KeyRecord> serde = EventSerdes.keyRecord();

    public KeyIssuer(Jdbi jdbi, KeyGenerator generator, KeyVault vault, Topics topics, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a key for {@code developer} in {@code project}, creating either when it is new.
     *
     * @param actor who asked, for the log and the lifecycle event
     * @throws IllegalArgumentException when an id breaks {@link EntityIds#RULE} or the description is unusable
     */
    public IssuedKey issue(String project, String developer, String description, String actor) {
        checkArguments(project, developer, description);
        Objects.requireNonNull(actor, "actor");
        for (int attempt = 1; ; attempt++) {
            try {
                IssuedKey issued = attempt(project, developer, description, actor);
                LOG.info("{} issued key {} (hint {}) to developer {} in project {}", actor, issued.keyId(),
                        issued.keyHint(), developer, project);
                return issued;
            } catch (UnableToExecuteStatementException e) {
                // A concurrent request may have created the same project or developer first (PostgreSQL's
                // MERGE does not wait for it), or, astronomically rarely, a key id or hash repeated:
                // a fresh attempt with new random values settles both.
                if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
                LOG.info("retrying key creation after a uniqueness conflict (attempt {})", attempt);
            }
        }
    }

    private IssuedKey attempt(String project, String developer, String description, String actor) {
        // Millisecond precision: every database keeps it, so the stored, published and returned times agree.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String key = generator.newKey();
        ApiKeyRow row = new ApiKeyRow(generator.newKeyId(), project, developer, description,
                KeyHashing.sha256Hex(key), KeyHashing.hint(key), KeyStatus.ACTIVE, now, null, 1);
        KeyRecord record = new KeyRecord(KeyRecord.SCHEMA_VERSION, row.keyId(), row.keyHash(), row.keyHint(),
                project, developer, row.status(), now, row.expiresAt(), List.of(), row.version(), null, null);
        String payload = new String(serde.serialize(topics.keys(), record), StandardCharsets.UTF_8);
        String sealed = vault.seal(row.keyId(), key);
        KeyLifecycleEvent created = KeyLifecycleEvent.of(KeyLifecycleEvent.Type.CREATED, now, row.keyId(), project,
                developer, actor);
        String event = new String(EventSerdes.keyLifecycleEvent().serialize(topics.keyEvents(), created),
                StandardCharsets.UTF_8);
        jdbi.useTransaction(handle -> {
            handle.attach(ProjectDao.class).ensure(project, now);
            handle.attach(DeveloperDao.class).ensure(developer, now);
            ApiKeyDao keys = handle.attach(ApiKeyDao.class);
            keys.insert(row);
            keys.storeSealedKey(row.keyId(), sealed);
            OutboxDao outbox = handle.attach(OutboxDao.class);
            outbox.append(topics.keys(), row.keyId(), payload, now);
            outbox.append(topics.keyEvents(), row.keyId(), event, now);
        });
        return new IssuedKey(row.keyId(), key, project, developer, description, now, row.keyHint());
    }

    private static void checkArguments(String project, String developer, String description) {
        if (!EntityIds.isValid(project)) {
            throw new IllegalArgumentException("project " + EntityIds.RULE);
        }
        if (!EntityIds.isValid(developer)) {
            throw new IllegalArgumentException("developer " + EntityIds.RULE);
        }
        String problem = descriptionProblem(description);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code description} cannot be used, or {@code null} when it can. */
    public static String descriptionProblem(String description) {
        if (description == null || description.isBlank()) {
            return "description is required";
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            return "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters";
        }
        if (description.chars().anyMatch(Character::isISOControl)) {
            return "description must not contain control characters";
        }
        return null;
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

package io.keytrail.reporting.directory;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.DeveloperRow;
import io.keytrail.reporting.db.Durability;
import io.keytrail.reporting.db.UniqueViolations;
import io.keytrail.reporting.http.Page;
import io.keytrail.reporting.http.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The developers keys belong to. Answers say what happened; turning that into HTTP is the
 * handlers' job. Arguments must already follow {@link EntityIds} and {@link DirectoryRules}.
 */
public final class DeveloperDirectory implements EntityDirectory<Developer> {
    private static final Logger LOG = LoggerFactory.getLogger(DeveloperDirectory.class);

    /**
     * What an update changes: each field left empty stays as it is.
     *
     * @param clearEmail removes the email; {@code email} must then be empty
     */
    public record Changes(Optional<String> name, Optional<String> email, boolean clearEmail) {
        public Changes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
            if (clearEmail && email.isPresent()) {
                throw new IllegalArgumentException("an email cannot be both set and cleared");
            }
            name.ifPresent(value -> DirectoryRules.require(DirectoryRules.nameProblem(value)));
            email.ifPresent(value -> DirectoryRules.require(DirectoryRules.emailProblem(value)));
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public DeveloperDirectory(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String noun() {
        return "developer";
    }

    /**
     * Creates a developer. Its id must never have been used, not even by a deleted developer.
     *
     * @param name  {@code null} to name it after its id
     * @param email {@code null} for none
     */
    public Creation<Developer> create(String id, String name, String email, String actor) {
        requireId(id);
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        DeveloperRow row = new DeveloperRow(id, name == null ? id : name, email, now, now, null);
        DirectoryRules.require(DirectoryRules.nameProblem(row.name()));
        if (email != null) {
            DirectoryRules.require(DirectoryRules.emailProblem(email));
        }
        Creation<Developer> creation;
        try {
            creation = jdbi.inTransaction(handle -> {
                Durability.writtenOutOnCommit(handle);
                DeveloperDao developers = handle.attach(DeveloperDao.class);
                Optional<DeveloperRow> existing = developers.findIncludingDeleted(id);
                if (existing.isPresent()) {
                    return Creation.refused(existing.get().deletedAt() == null
                            ? Creation.Outcome.ID_TAKEN : Creation.Outcome.ID_OF_DELETED);
                }
                developers.insert(row);
                return new Creation<>(Creation.Outcome.CREATED, Developer.of(row));
            });
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolations.isCause(e)) {
                throw e;
            }
            // A concurrent request created it between our check and our insert.
            creation = Creation.refused(Creation.Outcome.ID_TAKEN);
        }
        if (creation.outcome() == Creation.Outcome.CREATED) {
            LOG.info("{} created developer {}", actor, id);
        }
        return creation;
    }

    /** The developer, empty when unknown or deleted. */
    @Override
    public Optional<Developer> get(String id) {
        requireId(id);
        return jdbi.withExtension(DeveloperDao.class, developers -> developers.find(id)).map(Developer::of);
    }

    /** A page of live developers ordered by id; the cursor is the last id of the previous page. */
    @Override
    public Page<Developer> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        String afterId = page.after() == null ? null : page.after().id();
        return Page.of(jdbi.withExtension(DeveloperDao.class, developers -> developers.page(afterId, page.fetchSize())),
                page, row -> new PageRequest.Cursor(Instant.EPOCH, row.developerId()), Developer::of);
    }

    /** Applies {@code changes} to a live developer and moves its update time. */
    public Update<Developer> update(String id, Changes changes, String actor) {
        requireId(id);
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Update<Developer> update = jdbi.inTransaction(handle -> {
            Durability.writtenOutOnCommit(handle);
            DeveloperDao developers = handle.attach(DeveloperDao.class);
            Optional<DeveloperRow> current = developers.findLiveForUpdate(id);
            if (current.isEmpty()) {
                return Update.notFound();
            }
            DeveloperRow was = current.get();
            String email = changes.clearEmail() ? null : changes.email().orElse(was.email());
            DeveloperRow row = new DeveloperRow(id, changes.name().orElse(was.name()), email, was.createdAt(), now,
                    null);
            developers.update(row);
            return new Update<>(Update.Outcome.UPDATED, Developer.of(row));
        });
        if (update.outcome() == Update.Outcome.UPDATED) {
            LOG.info("{} updated developer {}", actor, id);
        }
        return update;
    }

    /**
     * Marks the developer deleted, unless it has active keys. The row is locked while its keys are
     * counted, so a key issued concurrently under {@link DeveloperDao#lockIfLive} is either counted
     * or refused; either way no live key is left with a deleted developer.
     */
    @Override
    public Deletion delete(String id, String actor) {
        requireId(id);
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Deletion deletion = jdbi.inTransaction(handle -> {
            Durability.writtenOutOnCommit(handle);
            DeveloperDao developers = handle.attach(DeveloperDao.class);
            if (developers.findLiveForUpdate(id).isEmpty()) {
                return Deletion.of(Deletion.Outcome.NOT_FOUND);
            }
            long activeKeys = developers.countActiveKeys(id);
            if (activeKeys > 0) {
                return new Deletion(Deletion.Outcome.HAS_ACTIVE_KEYS, activeKeys);
            }
            developers.softDelete(id, now);
            return Deletion.of(Deletion.Outcome.DELETED);
        });
        if (deletion.outcome() == Deletion.Outcome.DELETED) {
            LOG.info("{} deleted developer {}", actor, id);
        }
        return deletion;
    }

    private static void requireId(String id) {
        if (!EntityIds.isValid(id)) {
            throw new IllegalArgumentException("developer id " + EntityIds.RULE);
        }
    }

    private Instant now() {
        // Millisecond precision, as KeyIssuer: every database keeps it, so stored and answered times agree.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

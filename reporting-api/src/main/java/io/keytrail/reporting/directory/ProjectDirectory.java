package io.keytrail.reporting.directory;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.db.Durability;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.db.ProjectRow;
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
 * The projects keys are created in. Answers say what happened; turning that into HTTP is the
 * handlers' job. Arguments must already follow {@link EntityIds} and {@link DirectoryRules}.
 */
public final class ProjectDirectory implements EntityDirectory<Project> {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectDirectory.class);

    /** What an update changes: each field left empty stays as it is. */
    public record Changes(Optional<String> name, Optional<String> description) {
        public Changes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            name.ifPresent(value -> DirectoryRules.require(DirectoryRules.nameProblem(value)));
            description.ifPresent(value -> DirectoryRules.require(DirectoryRules.descriptionProblem(value)));
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public ProjectDirectory(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String noun() {
        return "project";
    }

    /**
     * Creates a project. Its id must never have been used, not even by a deleted project.
     *
     * @param name        {@code null} to name it after its id
     * @param description {@code null} for none
     */
    public Creation<Project> create(String id, String name, String description, String actor) {
        requireId(id);
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        ProjectRow row = new ProjectRow(id, name == null ? id : name, description == null ? "" : description,
                now, now, null);
        DirectoryRules.require(DirectoryRules.nameProblem(row.name()));
        DirectoryRules.require(DirectoryRules.descriptionProblem(row.description()));
        Creation<Project> creation;
        try {
            creation = jdbi.inTransaction(handle -> {
                Durability.writtenOutOnCommit(handle);
                ProjectDao projects = handle.attach(ProjectDao.class);
                Optional<ProjectRow> existing = projects.findIncludingDeleted(id);
                if (existing.isPresent()) {
                    return Creation.refused(existing.get().deletedAt() == null
                            ? Creation.Outcome.ID_TAKEN : Creation.Outcome.ID_OF_DELETED);
                }
                projects.insert(row);
                return new Creation<>(Creation.Outcome.CREATED, Project.of(row));
            });
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolations.isCause(e)) {
                throw e;
            }
            // A concurrent request created it between our check and our insert.
            creation = Creation.refused(Creation.Outcome.ID_TAKEN);
        }
        if (creation.outcome() == Creation.Outcome.CREATED) {
            LOG.info("{} created project {}", actor, id);
        }
        return creation;
    }

    /** The project, empty when unknown or deleted. */
    @Override
    public Optional<Project> get(String id) {
        requireId(id);
        return jdbi.withExtension(ProjectDao.class, projects -> projects.find(id)).map(Project::of);
    }

    /** A page of live projects ordered by id; the cursor is the last id of the previous page. */
    @Override
    public Page<Project> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        String afterId = page.after() == null ? null : page.after().id();
        return Page.of(jdbi.withExtension(ProjectDao.class, projects -> projects.page(afterId, page.fetchSize())),
                page, row -> new PageRequest.Cursor(Instant.EPOCH, row.projectId()), Project::of);
    }

    /** Applies {@code changes} to a live project and moves its update time. */
    public Update<Project> update(String id, Changes changes, String actor) {
        requireId(id);
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Update<Project> update = jdbi.inTransaction(handle -> {
            Durability.writtenOutOnCommit(handle);
            ProjectDao projects = handle.attach(ProjectDao.class);
            Optional<ProjectRow> current = projects.findLiveForUpdate(id);
            if (current.isEmpty()) {
                return Update.notFound();
            }
            ProjectRow was = current.get();
            ProjectRow row = new ProjectRow(id, changes.name().orElse(was.name()),
                    changes.description().orElse(was.description()), was.createdAt(), now, null);
            projects.update(row);
            return new Update<>(Update.Outcome.UPDATED, Project.of(row));
        });
        if (update.outcome() == Update.Outcome.UPDATED) {
            LOG.info("{} updated project {}", actor, id);
        }
        return update;
    }

    /**
     * Marks the project deleted, unless it has active keys. The row is locked while its keys are
     * counted, so a key issued concurrently under {@link ProjectDao#lockIfLive} is either counted
     * or refused; either way no live key is left in a deleted project.
     */
    @Override
    public Deletion delete(String id, String actor) {
        requireId(id);
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Deletion deletion = jdbi.inTransaction(handle -> {
            Durability.writtenOutOnCommit(handle);
            ProjectDao projects = handle.attach(ProjectDao.class);
            if (projects.findLiveForUpdate(id).isEmpty()) {
                return Deletion.of(Deletion.Outcome.NOT_FOUND);
            }
            long activeKeys = projects.countActiveKeys(id);
            if (activeKeys > 0) {
                return new Deletion(Deletion.Outcome.HAS_ACTIVE_KEYS, activeKeys);
            }
            projects.softDelete(id, now);
            return Deletion.of(Deletion.Outcome.DELETED);
        });
        if (deletion.outcome() == Deletion.Outcome.DELETED) {
            LOG.info("{} deleted project {}", actor, id);
        }
        return deletion;
    }

    private static void requireId(String id) {
        if (!EntityIds.isValid(id)) {
            throw new IllegalArgumentException("project id " + EntityIds.RULE);
        }
    }

    private Instant now() {
        // Millisecond precision, as KeyIssuer: every database keeps it, so stored and answered times agree.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

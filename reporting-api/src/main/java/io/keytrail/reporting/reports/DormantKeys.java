package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keytrail.reporting.db.KeyActivity;
import io.keytrail.reporting.db.KeyActivityDao;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.Page;
import io.keytrail.reporting.http.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Active keys nobody used for {@code idleDays}: last seen at a gateway before then, or never seen
 * and created before then. Oldest key first, paged by (creation time, key id).
 */
public final class DormantKeys {
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(Instant completeUpTo, int idleDays, List<Item> items, String nextCursor) {
    }

    /** {@code lastSeen} is {@code null} for a key never seen. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String keyId, String projectId, String developerId, String description, Instant createdAt,
                       Instant lastSeen) {
    }

    private final Jdbi jdbi;
    private final Completeness completeness;
    private final Clock clock;

    public DormantKeys(Jdbi jdbi, Completeness completeness, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param projectId {@code null} for every project */
    public Report page(int idleDays, String projectId, PageRequest request) {
        if (projectId != null && !jdbi.withExtension(ProjectDao.class, dao -> dao.exists(projectId))) {
            throw new ApiException(ApiError.NOT_FOUND, "no project " + projectId);
        }
        Instant now = clock.instant();
        Instant idleSince = now.minus(Duration.ofDays(idleDays));
        PageRequest.Cursor after = request.after();
        List<KeyActivity> rows = jdbi.withExtension(KeyActivityDao.class, dao -> dao.dormant(idleSince, now, projectId,
                after == null ? null : after.createdAt(), after == null ? null : after.id(), request.fetchSize()));
        Page<Item> page = Page.of(rows, request, row -> new PageRequest.Cursor(row.createdAt(), row.keyId()),
                row -> new Item(row.keyId(), row.projectId(), row.developerId(), row.description(), row.createdAt(),
                        row.lastSeen()));
        return new Report(completeness.upTo(Completeness.Source.LAST_SEEN), idleDays, page.items(), page.nextCursor());
    }
}

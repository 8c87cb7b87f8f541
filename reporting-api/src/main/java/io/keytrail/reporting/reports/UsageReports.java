package io.keytrail.reporting.reports;

import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.KeyActivity;
import io.keytrail.reporting.db.KeyActivityDao;
import io.keytrail.reporting.db.ProjectDao;
import io.keytrail.reporting.db.UsageReportDao;
import io.keytrail.reporting.db.UsageWindowView;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds usage reports from the stored windows: per developer from the developer windows, per
 * project and per key from the key windows. A subject that never existed is a 404; one that
 * exists without traffic has empty windows and zero totals.
 */
public final class UsageReports {
    /** The most keys a report lists, oldest first; more is not a report a person reads. */
    public static final int MAX_KEYS = 500;

    private final Jdbi jdbi;
    private final Completeness completeness;

    public UsageReports(Jdbi jdbi, Completeness completeness) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
    }

    public UsageSummary developer(String developerId, TimeRange range, Granularity granularity) {
        if (!jdbi.withExtension(DeveloperDao.class, dao -> dao.exists(developerId))) {
            throw new ApiException(ApiError.NOT_FOUND, "no developer " + developerId);
        }
        List<UsageWindowView> rows = jdbi.withExtension(UsageReportDao.class, dao -> dao.developerWindows(
                developerId, granularity.windowSeconds(), range.from(), range.to()));
        List<KeyActivity> keys = jdbi.withExtension(KeyActivityDao.class, dao -> dao.ofDeveloper(developerId, MAX_KEYS));
        return summarise(developerId, null, null, range, granularity, rows, (seconds, from, to) -> jdbi.withExtension(
                UsageReportDao.class, dao -> dao.developerWindows(developerId, seconds, from, to)), keys,
                completeness.upTo(Completeness.Source.USAGE, Completeness.Source.LAST_SEEN));
    }

    public UsageSummary project(String projectId, TimeRange range, Granularity granularity) {
        if (!jdbi.withExtension(ProjectDao.class, dao -> dao.exists(projectId))) {
            throw new ApiException(ApiError.NOT_FOUND, "no project " + projectId);
        }
        List<UsageWindowView> rows = jdbi.withExtension(UsageReportDao.class, dao -> dao.projectWindows(
                projectId, granularity.windowSeconds(), range.from(), range.to()));
        List<KeyActivity> keys = jdbi.withExtension(KeyActivityDao.class, dao -> dao.ofProject(projectId, MAX_KEYS));
        return summarise(null, projectId, null, range, granularity, rows, (seconds, from, to) -> jdbi.withExtension(
                UsageReportDao.class, dao -> dao.projectWindows(projectId, seconds, from, to)), keys,
                completeness.upTo(Completeness.Source.KEY_USAGE, Completeness.Source.LAST_SEEN));
    }

    public UsageSummary key(String keyId, TimeRange range, Granularity granularity) {
        ApiKeyRow key = jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(keyId))
                .orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, "no key " + keyId));
        List<UsageWindowView> rows = jdbi.withExtension(UsageReportDao.class, dao -> dao.keyWindows(
                keyId, granularity.windowSeconds(), range.from(), range.to()));
        List<KeyActivity> keys = jdbi.withExtension(KeyActivityDao.class, dao -> dao.ofKey(keyId));
        return summarise(key.developerId(), key.projectId(), keyId, range, granularity, rows,
                (seconds, from, to) -> jdbi.withExtension(UsageReportDao.class, dao -> dao.keyWindows(
                        keyId, seconds, from, to)), keys,
                completeness.upTo(Completeness.Source.KEY_USAGE, Completeness.Source.LAST_SEEN));
    }

    private static UsageSummary summarise(String developer, String project, String keyId, TimeRange range,
                                          Granularity granularity, List<UsageWindowView> rows,
                                          CoarseTiles.WindowSource coarser, List<KeyActivity> keys,
                                          Instant completeUpTo) {
        // The totals merge the fewest windows holding the same requests as the listed ones.
        UsageMerge total = new UsageMerge();
        CoarseTiles.of(rows, granularity, range, coarser).forEach(total::add);
        // Rows come ordered by window start; a project's keys share a window and are merged into it.
        Map<Instant, List<UsageWindowView>> perWindow = new LinkedHashMap<>();
        for (UsageWindowView row : rows) {
            perWindow.computeIfAbsent(row.windowStart(), start -> new ArrayList<>(1)).add(row);
        }
        List<UsageSummary.Window> windows = new ArrayList<>(perWindow.size());
        perWindow.forEach((start, group) -> windows.add(UsageMerge.window(start, group.get(0).windowEnd(), group)));
        List<UsageSummary.KeyUse> keyUses = keys.stream().map(k -> new UsageSummary.KeyUse(k.keyId(), k.projectId(),
                k.firstSeen(), k.lastSeen(), k.lastSuccess())).toList();
        return new UsageSummary(developer, project, keyId, range.from(), range.to(), granularity, completeUpTo,
                new UsageSummary.Totals(total.success() + total.failure(), total.success(), total.failure()),
                windows, total.byApi(), total.failures() == null ? Map.of() : total.failures(),
                total.statusClasses() == null ? Map.of() : total.statusClasses(), total.latency(),
                total.clientIps(), total.topEndpoints(), keyUses, total.withoutSketches());
    }
}

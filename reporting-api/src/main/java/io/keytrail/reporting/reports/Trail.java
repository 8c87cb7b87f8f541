package io.keytrail.reporting.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.AuditEventView;
import io.keytrail.reporting.db.DeveloperDao;
import io.keytrail.reporting.db.KeyEventView;
import io.keytrail.reporting.db.TrailDao;
import io.keytrail.reporting.db.TrailFilter;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The traceability trail: authentication decisions matching the filters, newest first, merged with
 * the lifecycle events of the keys (who created, revealed, rotated, revoked them) when the filter
 * is by developer or key alone. Each source is read one page deep from its index and the two are
 * merged, so a page costs two bounded index walks whatever the position.
 */
public final class Trail {
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(Instant completeUpTo, List<TrailItem> items, String nextCursor) {
    }

    /** The filters of one trail request; {@code null} matches everything. */
    record Query(String developerId, String keyId, String requestId, String clientIp, String eventType,
                 TimeRange range, int limit, TrailCursor after) {
        /** Key lifecycle events have no request, client or outcome: they belong only to a developer or key trail. */
        boolean withKeyEvents() {
            return (developerId != null || keyId != null) && requestId == null && clientIp == null && eventType == null;
        }
    }

    private static final Comparator<TrailItem> NEWEST_FIRST = Comparator.comparing(TrailItem::time)
            .thenComparing(TrailItem::eventId)
            .thenComparing(item -> item instanceof TrailItem.Auth ? 1 : 0)
            .reversed();

    private final Jdbi jdbi;
    private final Completeness completeness;

    public Trail(Jdbi jdbi, Completeness completeness) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.completeness = Objects.requireNonNull(completeness, "completeness");
    }

    Report search(Query query) {
        if (query.developerId() != null && !jdbi.withExtension(DeveloperDao.class, dao -> dao.exists(query.developerId()))) {
            throw new ApiException(ApiError.NOT_FOUND, "no developer " + query.developerId());
        }
        if (query.keyId() != null && jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(query.keyId())).isEmpty()) {
            throw new ApiException(ApiError.NOT_FOUND, "no key " + query.keyId());
        }
        TrailFilter base = new TrailFilter(query.developerId(), query.keyId(), query.requestId(), query.clientIp(),
                query.eventType(), query.range().from(), query.range().to(), null, null, false, query.limit() + 1);
        List<TrailItem> merged = new ArrayList<>(jdbi.withExtension(TrailDao.class, dao -> {
            List<TrailItem> items = new ArrayList<>();
            TrailFilter auth = after(base, query.after(), TrailCursor.Source.AUTH);
            List<AuditEventView> events = query.developerId() != null ? dao.byDeveloper(auth)
                    : query.keyId() != null ? dao.byKey(auth)
                    : query.requestId() != null ? dao.byRequestId(auth)
                    : query.clientIp() != null ? dao.byClientIp(auth)
                    : dao.byTime(auth);
            events.forEach(e -> items.add(auth(e)));
            if (query.withKeyEvents()) {
                TrailFilter keys = after(base, query.after(), TrailCursor.Source.KEY);
                List<KeyEventView> keyEvents = query.keyId() != null ? dao.keyEventsByKey(keys)
                        : dao.keyEventsByDeveloper(keys);
                keyEvents.forEach(e -> items.add(key(e)));
            }
            return items;
        }));
        merged.sort(NEWEST_FIRST);
        boolean more = merged.size() > query.limit();
        List<TrailItem> page = more ? merged.subList(0, query.limit()) : merged;
        String next = null;
        if (more) {
            TrailItem last = page.get(page.size() - 1);
            next = new TrailCursor(last.time(), last.eventId(), last instanceof TrailItem.Auth
                    ? TrailCursor.Source.AUTH : TrailCursor.Source.KEY).encode();
        }
        Instant complete = query.withKeyEvents()
                ? completeness.upTo(Completeness.Source.AUTH_SUCCESS, Completeness.Source.AUTH_FAILURE,
                        Completeness.Source.KEY_EVENTS)
                : completeness.upTo(Completeness.Source.AUTH_SUCCESS, Completeness.Source.AUTH_FAILURE);
        return new Report(complete, List.copyOf(page), next);
    }

    private static TrailFilter after(TrailFilter base, TrailCursor cursor, TrailCursor.Source source) {
        return cursor == null ? base : base.after(cursor.time(), cursor.eventId(), cursor.includesSameId(source));
    }

    private static TrailItem auth(AuditEventView e) {
        return new TrailItem.Auth(e.eventId(), e.eventTime(), e.eventType(), e.requestId(), e.apiId(), e.route(),
                e.method(), e.path(), e.status(), e.latencyMicros(), e.clientIp(), e.userAgent(), e.keyId(),
                e.keyHint(), e.credentialLocation(), split(e.authMethods()), e.developerId(), e.projectId(),
                e.reason());
    }

    private static TrailItem key(KeyEventView e) {
        return new TrailItem.Key(e.eventId(), e.eventTime(), e.eventType(), e.keyId(), e.projectId(),
                e.developerId(), e.actor(), split(e.changes()), e.relatedKeyId());
    }

    private static List<String> split(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? List.of()
                : Arrays.asList(commaSeparated.split(","));
    }
}

package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /reports/trail?developer=&key=&requestId=&clientIp=&outcome=success|failure&from=&to=&limit=&cursor=}.
 * With a developer, key, request id or client IP the trail may reach back as far as it is kept
 * ({@code from} defaults to the beginning); with none of them it walks the time index, so the
 * range must be at most {@link #MAX_UNFILTERED_RANGE} (default: the last hour). Every filter is
 * checked against the form its values have, so text that is no id is refused, never searched for.
 */
public final class TrailHandler implements HttpHandler {
    static final Duration MAX_UNFILTERED_RANGE = Duration.ofHours(24);
    static final Duration DEFAULT_UNFILTERED_RANGE = Duration.ofHours(1);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern CLIENT_IP = Pattern.compile(
            "(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f:]{2,39}(:(\\d{1,3}\\.){3}\\d{1,3})?");
    private static final Set<String> PARAMETERS = Set.of("developer", "key", "requestId", "clientIp", "outcome",
            "from", "to", "limit", "cursor", ReportOutput.FORMAT);
    private static final List<String> CSV_COLUMNS = List.of("kind", "eventId", "time", "type", "requestId", "apiId",
            "route", "method", "path", "status", "clientIp", "keyId", "developerId", "projectId", "reason", "actor");

    private final Trail trail;
    private final Clock clock;

    public TrailHandler(Trail trail, Clock clock) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, PARAMETERS);
        String developer = ReportParams.entityId(exchange, "developer");
        String key = QueryParameters.optional(exchange, "key");
        if (key != null) {
            ReportParams.keyId("key", key);
        }
        String requestId = matching(exchange, "requestId", REQUEST_ID, "1 to 128 characters of A-Z a-z 0-9 . _ : -");
        String clientIp = matching(exchange, "clientIp", CLIENT_IP, "an IPv4 or IPv6 address");
        String eventType = outcome(QueryParameters.optional(exchange, "outcome"));
        boolean byId = developer != null || key != null || requestId != null || clientIp != null;
        TimeRange range = range(exchange, byId);
        int limit = ReportParams.integer(exchange, "limit", 1, PageRequest.MAX_LIMIT, PageRequest.DEFAULT_LIMIT);
        String cursor = QueryParameters.optional(exchange, "cursor");
        ReportOutput.wantsCsv(exchange);
        Trail.Report answer = trail.search(new Trail.Query(developer, key, requestId, clientIp, eventType, range,
                limit, cursor == null ? null : TrailCursor.decode(cursor)));
        ReportOutput.send(exchange, answer, () -> new CsvTable("trail.csv", CSV_COLUMNS,
                answer.items().stream().map(TrailHandler::row).toList()));
    }

    private TimeRange range(HttpServerExchange exchange, boolean byId) {
        if (byId) {
            Instant to = ReportParams.instant(exchange, "to");
            Instant from = ReportParams.instant(exchange, "from");
            return new TimeRange(from == null ? Instant.EPOCH : from, to == null ? clock.instant() : to);
        }
        return ReportParams.range(exchange, clock, DEFAULT_UNFILTERED_RANGE)
                .requireAtMost(MAX_UNFILTERED_RANGE, "without a developer, key, requestId or clientIp filter");
    }

    private static String matching(HttpServerExchange exchange, String name, Pattern pattern, String rule) {
        String value = QueryParameters.optional(exchange, name);
        if (value != null && !pattern.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be " + rule);
        }
        return value;
    }

    private static String outcome(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "success" -> "AUTH_SUCCESS";
            case "failure" -> "AUTH_FAILURE";
            default -> throw ApiException.badRequest("outcome must be success or failure");
        };
    }

    private static List<Object> row(TrailItem item) {
        if (item instanceof TrailItem.Auth a) {
            return Arrays.asList(a.kind(), a.eventId(), a.time(), a.type(), a.requestId(), a.apiId(), a.route(),
                    a.method(), a.path(), a.status(), a.clientIp(), a.keyId(), a.developerId(), a.projectId(),
                    a.reason(), null);
        }
        TrailItem.Key k = (TrailItem.Key) item;
        return Arrays.asList(k.kind(), k.eventId(), k.time(), k.type(), null, null, null, null, null, null, null,
                k.keyId(), k.developerId(), k.projectId(), null, k.actor());
    }
}

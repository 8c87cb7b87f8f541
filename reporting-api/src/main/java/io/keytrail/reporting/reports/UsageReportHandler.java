package io.keytrail.reporting.reports;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.Instants;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.PathParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.Objects;

/**
 * {@code GET /reports/developers/{developer}/usage?from=&to=}: one developer's usage windows.
 * {@code from} and {@code to} are ISO-8601 instants; {@code to} defaults to now and {@code from}
 * to 24 hours before {@code to}.
 */
public final class UsageReportHandler implements HttpHandler {
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final UsageReports reports;
    private final Clock clock;

    public UsageReportHandler(UsageReports reports, Clock clock) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String developer = PathParameters.get(exchange, "developer");
        if (!EntityIds.isValid(developer)) {
            throw ApiException.badRequest("developer " + EntityIds.RULE);
        }
        Instant to = instant(exchange, "to");
        if (to == null) {
            to = clock.instant();
        }
        Instant from = instant(exchange, "from");
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("to must be after from");
        }
        if (Duration.between(from, to).compareTo(UsageReports.MAX_RANGE) > 0) {
            throw ApiException.badRequest("the range from..to must not exceed "
                    + UsageReports.MAX_RANGE.toDays() + " days");
        }
        HttpJson.send(exchange, 200, reports.usage(developer, from, to));
    }

    private static Instant instant(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + " must be given at most once");
        }
        Instant instant;
        try {
            instant = Instant.parse(values.getFirst());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
        if (!Instants.storable(instant)) {
            throw ApiException.badRequest(name + " must be in the years 1 to 9999");
        }
        return instant;
    }
}

package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /reports/top-developers?from=&to=&by=requests|failures&limit=}: default the last 24
 * hours, by requests, 10 developers (at most 100). The range may span as much as the window size
 * it aligns to allows (see {@link Granularity}).
 */
public final class TopDevelopersHandler implements HttpHandler {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("from", "to", "by", "limit", ReportOutput.FORMAT);

    private final TopDevelopers report;
    private final Clock clock;

    public TopDevelopersHandler(TopDevelopers report, Clock clock) {
        this.report = Objects.requireNonNull(report, "report");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, PARAMETERS);
        TimeRange range = ReportParams.range(exchange, clock, Duration.ofHours(24));
        Granularity granularity = Granularity.coarsestAligned(range);
        range.requireAtMost(granularity.maxRange(), "here (a range on whole days UTC may span 731 days, "
                + "on whole hours 93 days, else 2 days)");
        TopDevelopers.By by = by(QueryParameters.optional(exchange, "by"));
        int limit = ReportParams.integer(exchange, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        ReportOutput.wantsCsv(exchange);
        TopDevelopers.Report answer = report.top(range, by, limit);
        ReportOutput.send(exchange, answer, () -> new CsvTable("top-developers.csv",
                List.of("developerId", "requests", "success", "failure"),
                answer.items().stream().map(i -> List.<Object>of(i.developerId(), i.requests(), i.success(),
                        i.failure())).toList()));
    }

    private static TopDevelopers.By by(String text) {
        if (text == null || text.equals("requests")) {
            return TopDevelopers.By.REQUESTS;
        }
        if (text.equals("failures")) {
            return TopDevelopers.By.FAILURES;
        }
        throw ApiException.badRequest("by must be requests or failures");
    }
}

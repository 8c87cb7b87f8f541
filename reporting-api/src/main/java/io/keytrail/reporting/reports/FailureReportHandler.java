package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /reports/failures?from=&to=&limit=}: default the last 24 hours, at most
 * {@link #MAX_RANGE}, since the counts come from the audit trail itself; {@code limit} client IPs
 * (default 20, at most 200).
 */
public final class FailureReportHandler implements HttpHandler {
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final int DEFAULT_CLIENT_IPS = 20;
    static final int MAX_CLIENT_IPS = 200;
    private static final Set<String> PARAMETERS = Set.of("from", "to", "limit", ReportOutput.FORMAT);

    private final FailureReport report;
    private final Clock clock;

    public FailureReportHandler(FailureReport report, Clock clock) {
        this.report = Objects.requireNonNull(report, "report");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, PARAMETERS);
        TimeRange range = ReportParams.range(exchange, clock, Duration.ofHours(24))
                .requireAtMost(MAX_RANGE, "for the failures report");
        int limit = ReportParams.integer(exchange, "limit", 1, MAX_CLIENT_IPS, DEFAULT_CLIENT_IPS);
        ReportOutput.wantsCsv(exchange);
        FailureReport.Report answer = report.failures(range, limit);
        ReportOutput.send(exchange, answer, () -> new CsvTable("failures.csv",
                List.of("clientIp", "failures", "lastSeen"),
                answer.byClientIp().stream().map(c -> List.<Object>of(c.clientIp(), c.failures(), c.lastSeen()))
                        .toList()));
    }
}

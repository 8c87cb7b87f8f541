package io.keytrail.reporting.reports;

import io.keytrail.reporting.auth.DeveloperKeyAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.PathParameters;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A usage report: {@code GET /reports/developers/{developer}/usage}, {@code /reports/projects/{project}/usage},
 * {@code /reports/keys/{keyId}/usage} (admin), and {@code /reports/me/usage} (the developer of the
 * API key that authenticated the request, and only that developer). Query: {@code from}, {@code to}
 * (ISO-8601; default the 24 hours before now), {@code granularity} (minute, hour or day; default
 * hour), {@code format} (json or csv).
 */
public final class UsageReportHandler implements HttpHandler {
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final Granularity DEFAULT_GRANULARITY = Granularity.HOUR;

    /** Whose usage the route reports. */
    public enum Scope {
        DEVELOPER, PROJECT, KEY,
        /** The authenticated developer's own; {@code ?developer=} may name them, and no one else. */
        SELF
    }

    private static final Set<String> PARAMETERS = Set.of("from", "to", "granularity", ReportOutput.FORMAT);
    private static final Set<String> SELF_PARAMETERS = Set.of("from", "to", "granularity", ReportOutput.FORMAT,
            "developer");
    private static final List<String> CSV_COLUMNS = List.of("windowStart", "windowEnd", "success", "failure",
            "failures", "p50Micros", "p95Micros", "p99Micros", "maxMicros", "clientIps");

    private final UsageReports reports;
    private final Clock clock;
    private final Scope scope;

    public UsageReportHandler(UsageReports reports, Clock clock, Scope scope) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, scope == Scope.SELF ? SELF_PARAMETERS : PARAMETERS);
        String subject = subject(exchange);
        Granularity granularity = ReportParams.granularity(exchange, DEFAULT_GRANULARITY);
        TimeRange range = ReportParams.range(exchange, clock, DEFAULT_RANGE)
                .requireAtMost(granularity.maxRange(), "at granularity " + granularity.label());
        ReportOutput.wantsCsv(exchange);
        UsageSummary report = switch (scope) {
            case DEVELOPER, SELF -> reports.developer(subject, range, granularity);
            case PROJECT -> reports.project(subject, range, granularity);
            case KEY -> reports.key(subject, range, granularity);
        };
        ReportOutput.send(exchange, report, () -> csv(scope.name().toLowerCase(java.util.Locale.ROOT) + "-" + subject, report));
    }

    private String subject(HttpServerExchange exchange) {
        return switch (scope) {
            case DEVELOPER -> ReportParams.entityId("developer", PathParameters.get(exchange, "developer"));
            case PROJECT -> ReportParams.entityId("project", PathParameters.get(exchange, "project"));
            case KEY -> ReportParams.keyId("keyId", PathParameters.get(exchange, "keyId"));
            case SELF -> {
                String own = DeveloperKeyAuthHandler.developer(exchange);
                String asked = QueryParameters.optional(exchange, "developer");
                if (asked != null && !asked.equals(own)) {
                    throw new ApiException(ApiError.FORBIDDEN, "a developer key reads its own developer's usage only");
                }
                yield own;
            }
        };
    }

    private static CsvTable csv(String name, UsageSummary report) {
        List<List<Object>> rows = new ArrayList<>(report.windows().size());
        for (UsageSummary.Window window : report.windows()) {
            UsageSummary.Latency latency = window.latency();
            rows.add(java.util.Arrays.asList(window.windowStart(), window.windowEnd(), window.success(),
                    window.failure(), reasons(window.failures()),
                    latency == null ? null : latency.p50Micros(), latency == null ? null : latency.p95Micros(),
                    latency == null ? null : latency.p99Micros(), latency == null ? null : latency.maxMicros(),
                    window.clientIps()));
        }
        return new CsvTable(name + "-usage.csv", CSV_COLUMNS, rows);
    }

    private static String reasons(Map<String, Long> failures) {
        return failures == null ? null : failures.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}

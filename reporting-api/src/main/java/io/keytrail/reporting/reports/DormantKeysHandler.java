package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /reports/dormant-keys?idleDays=30&project=&limit=&cursor=}: idle days 1 to 3650
 * (default 30), paged like every list (limit 1 to 200, default 50).
 */
public final class DormantKeysHandler implements HttpHandler {
    static final int DEFAULT_IDLE_DAYS = 30;
    static final int MAX_IDLE_DAYS = 3650;
    private static final Set<String> PARAMETERS = Set.of("idleDays", "project", "limit", "cursor", ReportOutput.FORMAT);

    private final DormantKeys report;

    public DormantKeysHandler(DormantKeys report) {
        this.report = Objects.requireNonNull(report, "report");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, PARAMETERS);
        int idleDays = ReportParams.integer(exchange, "idleDays", 1, MAX_IDLE_DAYS, DEFAULT_IDLE_DAYS);
        String project = ReportParams.entityId(exchange, "project");
        PageRequest request = PageRequest.of(exchange);
        ReportOutput.wantsCsv(exchange);
        DormantKeys.Report answer = report.page(idleDays, project, request);
        ReportOutput.send(exchange, answer, () -> new CsvTable("dormant-keys.csv",
                List.of("keyId", "projectId", "developerId", "description", "createdAt", "lastSeen"),
                answer.items().stream().map(i -> Arrays.<Object>asList(i.keyId(), i.projectId(), i.developerId(),
                        i.description(), i.createdAt(), i.lastSeen())).toList()));
    }
}

package io.keytrail.reporting.reports;

import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Answers a report as JSON, or with {@code ?format=csv} its main list as CSV. */
final class ReportOutput {
    static final String FORMAT = "format";

    private ReportOutput() {
    }

    /** Refuses a {@code format} other than {@code json} or {@code csv} before any work is done. */
    static boolean wantsCsv(HttpServerExchange exchange) {
        String format = QueryParameters.optional(exchange, FORMAT);
        if (format == null || format.equals("json")) {
            return false;
        }
        if (format.equals("csv")) {
            return true;
        }
        throw ApiException.badRequest("format must be json or csv");
    }

    static void send(HttpServerExchange exchange, Object body, Supplier<CsvTable> table) {
        if (!wantsCsv(exchange)) {
            HttpJson.send(exchange, 200, body);
            return;
        }
        CsvTable csv = table.get();
        byte[] bytes = Csv.write(csv.columns(), csv.rows()).getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                "attachment; filename=\"" + csv.filename() + "\"");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}

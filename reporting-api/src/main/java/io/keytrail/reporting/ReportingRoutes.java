package io.keytrail.reporting;

import io.keytrail.reporting.admin.CreateKeyHandler;
import io.keytrail.reporting.admin.CreateKeyRequest;
import io.keytrail.reporting.admin.KeyDetailsHandler;
import io.keytrail.reporting.admin.KeyIssuer;
import io.keytrail.reporting.admin.KeyManager;
import io.keytrail.reporting.admin.RevealKeyHandler;
import io.keytrail.reporting.admin.RevokeKeyHandler;
import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.auth.AdminToken;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ErrorHandler;
import io.keytrail.reporting.http.HealthHandler;
import io.keytrail.reporting.http.JsonBodyHandler;
import io.keytrail.reporting.http.RejectHandler;
import io.keytrail.reporting.http.RequestIdHandler;
import io.keytrail.reporting.reports.UsageReportHandler;
import io.keytrail.reporting.reports.UsageReports;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.time.Clock;

/** The HTTP API of reporting-api: every route and the chain each request passes through. */
public final class ReportingRoutes {
    private ReportingRoutes() {
    }

    public static HttpHandler build(AdminToken adminToken, KeyIssuer keyIssuer, KeyManager keyManager,
                                    UsageReports usageReports, Clock clock, int maxRequestBytes) {
        HttpHandler createKey = new AdminAuthHandler(adminToken,
                new JsonBodyHandler<>(CreateKeyRequest.class, CreateKeyHandler.BODY, maxRequestBytes,
                        new CreateKeyHandler(keyIssuer)));
        HttpHandler keyDetails = new AdminAuthHandler(adminToken, new KeyDetailsHandler(keyManager));
        HttpHandler revealKey = new AdminAuthHandler(adminToken, new RevealKeyHandler(keyManager));
        HttpHandler revokeKey = new AdminAuthHandler(adminToken, new RevokeKeyHandler(keyManager));
        HttpHandler usageReport = new AdminAuthHandler(adminToken,
                new UsageReportHandler(usageReports, clock));

        HttpHandler routes = Handlers.routing()
                .get("/health", new HealthHandler())
                .post("/admin/projects/{project}/keys", createKey)
                .get("/admin/keys/{keyId}", keyDetails)
                .post("/admin/keys/{keyId}/reveal", revealKey)
                .post("/admin/keys/{keyId}/revoke", revokeKey)
                .get("/reports/developers/{developer}/usage", usageReport)
                .setFallbackHandler(new RejectHandler(ApiError.NOT_FOUND, "no such route"))
                .setInvalidMethodHandler(new RejectHandler(ApiError.METHOD_NOT_ALLOWED,
                        "this route does not accept that method"));

        // Outermost first. Every request moves to a worker thread at once, since the routes block
        // on JDBC; then it gets an id; then any failure in the routes becomes a JSON error.
        return new BlockingHandler(
                new RequestIdHandler(
                        new ErrorHandler(routes)));
    }
}

package io.keytrail.reporting;

import io.keytrail.reporting.admin.CreateKeyHandler;
import io.keytrail.reporting.admin.CreateKeyRequest;
import io.keytrail.reporting.admin.KeyDetailsHandler;
import io.keytrail.reporting.admin.KeyIssuer;
import io.keytrail.reporting.admin.KeyManager;
import io.keytrail.reporting.admin.RevealKeyHandler;
import io.keytrail.reporting.admin.RotateKeyHandler;
import io.keytrail.reporting.admin.RotateKeyRequest;
import io.keytrail.reporting.admin.UpdateKeyHandler;
import io.keytrail.reporting.admin.KeyChangeHandler;
import io.keytrail.reporting.admin.ListKeysHandler;
import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.auth.AdminToken;
import io.keytrail.reporting.console.ConsoleFiles;
import io.keytrail.reporting.console.ConsoleHandler;
import io.keytrail.reporting.directory.CreateDeveloperHandler;
import io.keytrail.reporting.directory.CreateDeveloperRequest;
import io.keytrail.reporting.directory.CreateProjectHandler;
import io.keytrail.reporting.directory.CreateProjectRequest;
import io.keytrail.reporting.directory.DeleteEntityHandler;
import io.keytrail.reporting.directory.DeveloperDirectory;
import io.keytrail.reporting.directory.EntityDetailsHandler;
import io.keytrail.reporting.directory.ListEntitiesHandler;
import io.keytrail.reporting.directory.ProjectDirectory;
import io.keytrail.reporting.directory.UpdateDeveloperHandler;
import io.keytrail.reporting.directory.UpdateProjectHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ErrorHandler;
import io.keytrail.reporting.http.HealthHandler;
import io.keytrail.reporting.http.JsonBodyHandler;
import io.keytrail.reporting.http.OpenApiHandler;
import io.keytrail.reporting.http.RejectHandler;
import io.keytrail.reporting.http.RequestIdHandler;
import io.keytrail.reporting.auth.DeveloperKeyAuthHandler;
import io.keytrail.reporting.reports.DormantKeysHandler;
import io.keytrail.reporting.reports.FailureReportHandler;
import io.keytrail.reporting.reports.Reports;
import io.keytrail.reporting.reports.TopDevelopersHandler;
import io.keytrail.reporting.reports.TrailHandler;
import io.keytrail.reporting.reports.UsageReportHandler;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Methods;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** The HTTP API of reporting-api: every route and the chain each request passes through. */
public final class ReportingRoutes {
    private ReportingRoutes() {
    }

    public static HttpHandler build(AdminToken adminToken, KeyIssuer keyIssuer, KeyManager keyManager,
                                    ProjectDirectory projects, DeveloperDirectory developers,
                                    Reports reports, Clock clock, int maxRequestBytes) {
        UnaryOperator<HttpHandler> admin = next -> new AdminAuthHandler(adminToken, next);
        HttpHandler createKey = admin.apply(new JsonBodyHandler<>(CreateKeyRequest.class, CreateKeyHandler.BODY,
                maxRequestBytes, new CreateKeyHandler(keyIssuer, clock)));
        HttpHandler projectKeys = admin.apply(new ListKeysHandler(keyManager, ListKeysHandler.Scope.PROJECT));
        HttpHandler developerKeys = admin.apply(new ListKeysHandler(keyManager, ListKeysHandler.Scope.DEVELOPER));
        HttpHandler keyDetails = admin.apply(new KeyDetailsHandler(keyManager));
        HttpHandler updateKey = admin.apply(new JsonBodyHandler<>(ObjectNode.class, UpdateKeyHandler.BODY,
                maxRequestBytes, new UpdateKeyHandler(keyManager, clock)));
        HttpHandler deleteKey = admin.apply(new KeyChangeHandler(keyManager, KeyChangeHandler.Kind.DELETE));
        HttpHandler revealKey = admin.apply(new RevealKeyHandler(keyManager));
        HttpHandler revokeKey = admin.apply(new KeyChangeHandler(keyManager, KeyChangeHandler.Kind.REVOKE));
        HttpHandler rotateKey = admin.apply(new JsonBodyHandler<>(RotateKeyRequest.class, RotateKeyHandler.BODY,
                maxRequestBytes, new RotateKeyHandler(keyIssuer)));
        HttpHandler createProject = admin.apply(new JsonBodyHandler<>(CreateProjectRequest.class,
                CreateProjectHandler.BODY, maxRequestBytes, new CreateProjectHandler(projects)));
        HttpHandler listProjects = admin.apply(new ListEntitiesHandler(projects));
        HttpHandler projectDetails = admin.apply(new EntityDetailsHandler(projects));
        HttpHandler updateProject = admin.apply(new JsonBodyHandler<>(ObjectNode.class, UpdateProjectHandler.BODY,
                maxRequestBytes, new UpdateProjectHandler(projects)));
        HttpHandler deleteProject = admin.apply(new DeleteEntityHandler(projects));
        HttpHandler createDeveloper = admin.apply(new JsonBodyHandler<>(CreateDeveloperRequest.class,
                CreateDeveloperHandler.BODY, maxRequestBytes, new CreateDeveloperHandler(developers)));
        HttpHandler listDevelopers = admin.apply(new ListEntitiesHandler(developers));
        HttpHandler developerDetails = admin.apply(new EntityDetailsHandler(developers));
        HttpHandler updateDeveloper = admin.apply(new JsonBodyHandler<>(ObjectNode.class, UpdateDeveloperHandler.BODY,
                maxRequestBytes, new UpdateDeveloperHandler(developers)));
        HttpHandler deleteDeveloper = admin.apply(new DeleteEntityHandler(developers));
        HttpHandler developerUsage = admin.apply(new UsageReportHandler(reports.usage(), clock,
                UsageReportHandler.Scope.DEVELOPER));
        HttpHandler projectUsage = admin.apply(new UsageReportHandler(reports.usage(), clock,
                UsageReportHandler.Scope.PROJECT));
        HttpHandler keyUsage = admin.apply(new UsageReportHandler(reports.usage(), clock,
                UsageReportHandler.Scope.KEY));
        // The one route a developer's key opens, and only to that developer's usage; no admin token here.
        HttpHandler ownUsage = new DeveloperKeyAuthHandler(reports.developerKeys(), reports.keyAttempts(),
                reports.keyHeader(), new UsageReportHandler(reports.usage(), clock, UsageReportHandler.Scope.SELF));
        HttpHandler topDevelopers = admin.apply(new TopDevelopersHandler(reports.topDevelopers(), clock));
        HttpHandler dormantKeys = admin.apply(new DormantKeysHandler(reports.dormantKeys()));
        HttpHandler trail = admin.apply(new TrailHandler(reports.trail(), clock));
        HttpHandler failures = admin.apply(new FailureReportHandler(reports.failures(), clock));

        HttpHandler openApi = new OpenApiHandler();
        // The page needs no token; every call it makes does.
        HttpHandler console = new ConsoleHandler(ConsoleFiles.load());
        HttpHandler routes = Handlers.routing()
                .get("/health", new HealthHandler())
                .get("/openapi.yaml", openApi)
                .get("/openapi.json", openApi)
                .get(ConsoleHandler.PREFIX, console)
                .get(ConsoleHandler.PREFIX + "/*", console)
                .post("/admin/projects", createProject)
                .get("/admin/projects", listProjects)
                .get("/admin/projects/{project}", projectDetails)
                .add(Methods.PATCH, "/admin/projects/{project}", updateProject)
                .delete("/admin/projects/{project}", deleteProject)
                .post("/admin/developers", createDeveloper)
                .get("/admin/developers", listDevelopers)
                .get("/admin/developers/{developer}", developerDetails)
                .add(Methods.PATCH, "/admin/developers/{developer}", updateDeveloper)
                .delete("/admin/developers/{developer}", deleteDeveloper)
                .post("/admin/projects/{project}/keys", createKey)
                .get("/admin/projects/{project}/keys", projectKeys)
                .get("/admin/developers/{developer}/keys", developerKeys)
                .get("/admin/keys/{keyId}", keyDetails)
                .add(Methods.PATCH, "/admin/keys/{keyId}", updateKey)
                .delete("/admin/keys/{keyId}", deleteKey)
                .post("/admin/keys/{keyId}/reveal", revealKey)
                .post("/admin/keys/{keyId}/revoke", revokeKey)
                .post("/admin/keys/{keyId}/rotate", rotateKey)
                .get("/reports/developers/{developer}/usage", developerUsage)
                .get("/reports/projects/{project}/usage", projectUsage)
                .get("/reports/keys/{keyId}/usage", keyUsage)
                .get("/reports/me/usage", ownUsage)
                .get("/reports/top-developers", topDevelopers)
                .get("/reports/dormant-keys", dormantKeys)
                .get("/reports/trail", trail)
                .get("/reports/failures", failures)
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

package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** {@code GET /admin/projects/{project}}: the project; 404 when unknown or deleted. Expects an admin. */
public final class ProjectDetailsHandler implements HttpHandler {
    private final ProjectDirectory projects;

    public ProjectDetailsHandler(ProjectDirectory projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "project");
        Project project = projects.get(id).orElseThrow(() -> DirectoryHttp.notFound("project", id));
        HttpJson.send(exchange, 200, project);
    }
}

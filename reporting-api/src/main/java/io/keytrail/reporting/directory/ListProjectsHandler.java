package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code GET /admin/projects?limit=&cursor=}: a page of live projects ordered by id. Expects an admin.
 */
public final class ListProjectsHandler implements HttpHandler {
    private final ProjectDirectory projects;

    public ListProjectsHandler(ProjectDirectory projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HttpJson.send(exchange, 200, projects.list(DirectoryHttp.page(exchange)));
    }
}

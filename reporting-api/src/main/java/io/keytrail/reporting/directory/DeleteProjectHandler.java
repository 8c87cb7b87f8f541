package io.keytrail.reporting.directory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code DELETE /admin/projects/{project}}: 204 once the project is deleted; 409 while it has
 * active keys, which must be revoked or deleted first; 404 when unknown or already deleted.
 * Expects an admin.
 */
public final class DeleteProjectHandler implements HttpHandler {
    private final ProjectDirectory projects;

    public DeleteProjectHandler(ProjectDirectory projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "project");
        Deletion deletion = projects.delete(id, DirectoryHttp.actor(exchange));
        switch (deletion.outcome()) {
            case NOT_FOUND -> throw DirectoryHttp.notFound("project", id);
            case HAS_ACTIVE_KEYS -> throw DirectoryHttp.conflict("project " + id + " has "
                    + DirectoryHttp.activeKeys(deletion) + "; revoke or delete them first");
            case DELETED -> exchange.setStatusCode(204);
        }
    }
}

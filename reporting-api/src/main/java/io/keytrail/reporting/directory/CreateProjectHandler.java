package io.keytrail.reporting.directory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Objects;

/**
 * {@code POST /admin/projects}: creates a project and answers 201 with it. An id already used, even
 * by a deleted project, is a conflict. Expects the body under {@link #BODY} and an admin.
 */
public final class CreateProjectHandler implements HttpHandler {
    /** Where the body reader leaves the parsed request for this handler. */
    public static final AttachmentKey<CreateProjectRequest> BODY = AttachmentKey.create(CreateProjectRequest.class);

    private final ProjectDirectory projects;

    public CreateProjectHandler(ProjectDirectory projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CreateProjectRequest request = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        String id = DirectoryHttp.newId(request.id());
        if (request.name() != null) {
            DirectoryHttp.check(DirectoryRules.nameProblem(request.name()));
        }
        if (request.description() != null) {
            DirectoryHttp.check(DirectoryRules.descriptionProblem(request.description()));
        }
        Creation<Project> creation = projects.create(id, request.name(), request.description(),
                DirectoryHttp.actor(exchange));
        DirectoryHttp.created(exchange, creation, "project", id, "/admin/projects/" + id);
    }
}

package io.keytrail.reporting.directory;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
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
        String id = request.id();
        if (id == null) {
            throw ApiException.badRequest("id is required");
        }
        if (!EntityIds.isValid(id)) {
            throw ApiException.badRequest("id " + EntityIds.RULE);
        }
        if (request.name() != null) {
            DirectoryHttp.check(DirectoryRules.nameProblem(request.name()));
        }
        if (request.description() != null) {
            DirectoryHttp.check(DirectoryRules.descriptionProblem(request.description()));
        }
        Creation<Project> creation = projects.create(id, request.name(), request.description(),
                DirectoryHttp.actor(exchange));
        switch (creation.outcome()) {
            case ID_TAKEN -> throw DirectoryHttp.conflict("project " + id + " already exists");
            case ID_OF_DELETED -> throw DirectoryHttp.conflict(
                    "project " + id + " was deleted, and the id of a deleted project is never reused");
            case CREATED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/projects/" + id);
                HttpJson.send(exchange, 201, creation.entity());
            }
        }
    }
}

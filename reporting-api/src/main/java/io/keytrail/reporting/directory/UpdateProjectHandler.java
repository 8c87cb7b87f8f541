package io.keytrail.reporting.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PATCH /admin/projects/{project}}: changes a project's {@code name} and {@code description}
 * as a JSON merge patch; a field left out stays as it is. Neither can be {@code null} (an empty
 * description is {@code ""}). Expects the body as a tree under {@link #BODY} and an admin.
 */
public final class UpdateProjectHandler implements HttpHandler {
    public static final AttachmentKey<ObjectNode> BODY = AttachmentKey.create(ObjectNode.class);

    private static final Set<String> FIELDS = Set.of("name", "description");

    private final ProjectDirectory projects;

    public UpdateProjectHandler(ProjectDirectory projects) {
        this.projects = Objects.requireNonNull(projects, "projects");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "project");
        ObjectNode body = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        PatchBodies.allowOnly(body, FIELDS, "a project's name and description");
        Optional<String> name = PatchBodies.text(body, "name");
        name.ifPresent(value -> DirectoryHttp.check(DirectoryRules.nameProblem(value)));
        Optional<String> description = PatchBodies.text(body, "description");
        description.ifPresent(value -> DirectoryHttp.check(DirectoryRules.descriptionProblem(value)));

        Update<Project> update = projects.update(id, new ProjectDirectory.Changes(name, description),
                DirectoryHttp.actor(exchange));
        switch (update.outcome()) {
            case NOT_FOUND -> throw DirectoryHttp.notFound("project", id);
            case UPDATED -> HttpJson.send(exchange, 200, update.entity());
        }
    }
}

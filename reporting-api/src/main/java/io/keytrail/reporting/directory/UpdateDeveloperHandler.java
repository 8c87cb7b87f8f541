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
 * {@code PATCH /admin/developers/{developer}}: changes a developer's {@code name} and {@code email}
 * as a JSON merge patch; a field left out stays as it is, and {@code "email": null} removes the
 * email. Expects the body as a tree under {@link #BODY} and an admin.
 */
public final class UpdateDeveloperHandler implements HttpHandler {
    public static final AttachmentKey<ObjectNode> BODY = AttachmentKey.create(ObjectNode.class);

    private static final Set<String> FIELDS = Set.of("name", "email");

    private final DeveloperDirectory developers;

    public UpdateDeveloperHandler(DeveloperDirectory developers) {
        this.developers = Objects.requireNonNull(developers, "developers");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "developer");
        ObjectNode body = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        PatchBodies.allowOnly(body, FIELDS, "a developer's name and email");
        Optional<String> name = PatchBodies.text(body, "name");
        name.ifPresent(value -> DirectoryHttp.check(DirectoryRules.nameProblem(value)));
        Optional<String> email = PatchBodies.textOrNull(body, "email");
        email.ifPresent(value -> DirectoryHttp.check(DirectoryRules.emailProblem(value)));

        Update<Developer> update = developers.update(id,
                new DeveloperDirectory.Changes(name, email, PatchBodies.isNull(body, "email")),
                DirectoryHttp.actor(exchange));
        switch (update.outcome()) {
            case NOT_FOUND -> throw DirectoryHttp.notFound("developer", id);
            case UPDATED -> HttpJson.send(exchange, 200, update.entity());
        }
    }
}

package io.keytrail.reporting.directory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Objects;

/**
 * {@code POST /admin/developers}: creates a developer and answers 201 with it. An id already used,
 * even by a deleted developer, is a conflict. Expects the body under {@link #BODY} and an admin.
 */
public final class CreateDeveloperHandler implements HttpHandler {
    /** Where the body reader leaves the parsed request for this handler. */
    public static final AttachmentKey<CreateDeveloperRequest> BODY =
            AttachmentKey.create(CreateDeveloperRequest.class);

    private final DeveloperDirectory developers;

    public CreateDeveloperHandler(DeveloperDirectory developers) {
        this.developers = Objects.requireNonNull(developers, "developers");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CreateDeveloperRequest request = Objects.requireNonNull(exchange.getAttachment(BODY),
                "no request body attached");
        String id = DirectoryHttp.newId(request.id());
        if (request.name() != null) {
            DirectoryHttp.check(DirectoryRules.nameProblem(request.name()));
        }
        if (request.email() != null) {
            DirectoryHttp.check(DirectoryRules.emailProblem(request.email()));
        }
        Creation<Developer> creation = developers.create(id, request.name(), request.email(),
                DirectoryHttp.actor(exchange));
        DirectoryHttp.created(exchange, creation, "developer", id, "/admin/developers/" + id);
    }
}

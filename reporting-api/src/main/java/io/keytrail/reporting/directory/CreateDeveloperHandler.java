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
        if (request.email() != null) {
            DirectoryHttp.check(DirectoryRules.emailProblem(request.email()));
        }
        Creation<Developer> creation = developers.create(id, request.name(), request.email(),
                DirectoryHttp.actor(exchange));
        switch (creation.outcome()) {
            case ID_TAKEN -> throw DirectoryHttp.conflict("developer " + id + " already exists");
            case ID_OF_DELETED -> throw DirectoryHttp.conflict(
                    "developer " + id + " was deleted, and the id of a deleted developer is never reused");
            case CREATED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/developers/" + id);
                HttpJson.send(exchange, 201, creation.entity());
            }
        }
    }
}

package io.keytrail.reporting.directory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code DELETE /admin/developers/{developer}}: 204 once the developer is deleted; 409 while it has
 * active keys, which must be revoked or deleted first; 404 when unknown or already deleted.
 * Expects an admin.
 */
public final class DeleteDeveloperHandler implements HttpHandler {
    private final DeveloperDirectory developers;

    public DeleteDeveloperHandler(DeveloperDirectory developers) {
        this.developers = Objects.requireNonNull(developers, "developers");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "developer");
        Deletion deletion = developers.delete(id, DirectoryHttp.actor(exchange));
        switch (deletion.outcome()) {
            case NOT_FOUND -> throw DirectoryHttp.notFound("developer", id);
            case HAS_ACTIVE_KEYS -> throw DirectoryHttp.conflict("developer " + id + " has "
                    + DirectoryHttp.activeKeys(deletion) + "; revoke or delete them first");
            case DELETED -> exchange.setStatusCode(204);
        }
    }
}

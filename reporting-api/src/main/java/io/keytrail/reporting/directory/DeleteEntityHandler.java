package io.keytrail.reporting.directory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code DELETE /admin/projects/{project}} and {@code DELETE /admin/developers/{developer}}: 204
 * once the entity is deleted; 409 while it has active keys, which must be revoked or deleted
 * first; 404 when unknown or already deleted. Expects an admin.
 */
public final class DeleteEntityHandler implements HttpHandler {
    private final EntityDirectory<?> directory;

    public DeleteEntityHandler(EntityDirectory<?> directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String noun = directory.noun();
        String id = DirectoryHttp.id(exchange, noun);
        Deletion deletion = directory.delete(id, DirectoryHttp.actor(exchange));
        switch (deletion.outcome()) {
            case NOT_FOUND -> throw DirectoryHttp.notFound(noun, id);
            case HAS_ACTIVE_KEYS -> throw DirectoryHttp.conflict(noun + " " + id + " has "
                    + DirectoryHttp.activeKeys(deletion) + "; revoke or delete them first");
            case DELETED -> exchange.setStatusCode(204);
        }
    }
}

package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code GET /admin/projects/{project}} and {@code GET /admin/developers/{developer}}: the entity;
 * 404 when unknown or deleted. Expects an admin.
 */
public final class EntityDetailsHandler implements HttpHandler {
    private final EntityDirectory<?> directory;

    public EntityDetailsHandler(EntityDirectory<?> directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String noun = directory.noun();
        String id = DirectoryHttp.id(exchange, noun);
        Object entity = directory.get(id).orElseThrow(() -> DirectoryHttp.notFound(noun, id));
        HttpJson.send(exchange, 200, entity);
    }
}

package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code GET /admin/projects?limit=&cursor=} and {@code GET /admin/developers?limit=&cursor=}: a
 * page of live entities ordered by id. Expects an admin.
 */
public final class ListEntitiesHandler implements HttpHandler {
    private final EntityDirectory<?> directory;

    public ListEntitiesHandler(EntityDirectory<?> directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HttpJson.send(exchange, 200, directory.list(DirectoryHttp.page(exchange)));
    }
}

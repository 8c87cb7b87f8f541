package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code GET /admin/developers?limit=&cursor=}: a page of live developers ordered by id. Expects an admin.
 */
public final class ListDevelopersHandler implements HttpHandler {
    private final DeveloperDirectory developers;

    public ListDevelopersHandler(DeveloperDirectory developers) {
        this.developers = Objects.requireNonNull(developers, "developers");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HttpJson.send(exchange, 200, developers.list(DirectoryHttp.page(exchange)));
    }
}

package io.keytrail.reporting.directory;

import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** {@code GET /admin/developers/{developer}}: the developer; 404 when unknown or deleted. Expects an admin. */
public final class DeveloperDetailsHandler implements HttpHandler {
    private final DeveloperDirectory developers;

    public DeveloperDetailsHandler(DeveloperDirectory developers) {
        this.developers = Objects.requireNonNull(developers, "developers");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String id = DirectoryHttp.id(exchange, "developer");
        Developer developer = developers.get(id).orElseThrow(() -> DirectoryHttp.notFound("developer", id));
        HttpJson.send(exchange, 200, developer);
    }
}

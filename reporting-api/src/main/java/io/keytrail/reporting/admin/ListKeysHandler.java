package io.keytrail.reporting.admin;

import io.keytrail.events.KeyStatus;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.http.PathParameters;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /admin/projects/{project}/keys} and {@code GET /admin/developers/{developer}/keys}: a
 * page of keys, oldest first, filtered by {@code status} and by the other owner ({@code developer}
 * within a project, {@code project} for a developer). Expects an admin.
 */
public final class ListKeysHandler implements HttpHandler {
    /** Whose keys a route lists: the path parameter it takes, and the filter for the other owner. */
    public enum Scope {
        PROJECT("project", "developer"),
        DEVELOPER("developer", "project");

        private final String pathParameter;
        private final String filter;

        Scope(String pathParameter, String filter) {
            this.pathParameter = pathParameter;
            this.filter = filter;
        }
    }

    private final KeyManager keys;
    private final Scope scope;
    private final Set<String> parameters;

    public ListKeysHandler(KeyManager keys, Scope scope) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.parameters = Set.of("status", scope.filter, "limit", "cursor");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String owner = PathParameters.get(exchange, scope.pathParameter);
        if (!EntityIds.isValid(owner)) {
            throw ApiException.badRequest(scope.pathParameter + " " + EntityIds.RULE);
        }
        QueryParameters.allowOnly(exchange, parameters);
        String other = QueryParameters.optional(exchange, scope.filter);
        if (other != null && !EntityIds.isValid(other)) {
            throw ApiException.badRequest(scope.filter + " " + EntityIds.RULE);
        }
        KeyStatus status = status(QueryParameters.optional(exchange, "status"));
        PageRequest page = PageRequest.of(exchange);
        String project = scope == Scope.PROJECT ? owner : other;
        String developer = scope == Scope.DEVELOPER ? owner : other;
        HttpJson.send(exchange, 200, keys.list(project, developer, status, page));
    }

    private static KeyStatus status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return KeyStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of ACTIVE, REVOKED, EXPIRED, DELETED");
        }
    }
}

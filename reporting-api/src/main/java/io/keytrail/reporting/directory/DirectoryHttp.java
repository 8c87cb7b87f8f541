package io.keytrail.reporting.directory;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.PageRequest;
import io.keytrail.reporting.http.PathParameters;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** What the project and developer handlers share: path ids, paging, error answers, the admin. */
final class DirectoryHttp {
    private static final Set<String> PAGE_PARAMETERS = Set.of("limit", "cursor");

    private DirectoryHttp() {
    }

    /** The id in path parameter {@code {name}}, refused with 400 unless it follows {@link EntityIds#RULE}. */
    static String id(HttpServerExchange exchange, String name) {
        String id = PathParameters.get(exchange, name);
        if (!EntityIds.isValid(id)) {
            // Not echoed: the id failed the rule, so it may hold anything.
            throw ApiException.badRequest(name + " " + EntityIds.RULE);
        }
        return id;
    }

    /** The id a create request names, refused with 400 when missing or unless it follows {@link EntityIds#RULE}. */
    static String newId(String id) {
        if (id == null) {
            throw ApiException.badRequest("id is required");
        }
        if (!EntityIds.isValid(id)) {
            throw ApiException.badRequest("id " + EntityIds.RULE);
        }
        return id;
    }

    /**
     * Answers a create request: 201 with the new entity at {@code location}, or 409 when the
     * {@code kind}'s id is taken or was used by a deleted one.
     */
    static void created(HttpServerExchange exchange, Creation<?> creation, String kind, String id, String location) {
        switch (creation.outcome()) {
            case ID_TAKEN -> throw conflict(kind + " " + id + " already exists");
            case ID_OF_DELETED -> throw conflict(
                    kind + " " + id + " was deleted, and the id of a deleted " + kind + " is never reused");
            case CREATED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, location);
                HttpJson.send(exchange, 201, creation.entity());
            }
        }
    }

    /**
     * The page a list request asks for; only {@code limit} and {@code cursor} are allowed. Lists
     * ordered by id take only cursors they made: an id, at the epoch.
     */
    static PageRequest page(HttpServerExchange exchange) {
        QueryParameters.allowOnly(exchange, PAGE_PARAMETERS);
        PageRequest page = PageRequest.of(exchange);
        PageRequest.Cursor after = page.after();
        if (after != null && (!Instant.EPOCH.equals(after.createdAt()) || !EntityIds.isValid(after.id()))) {
            throw ApiException.badRequest("cursor must be a nextCursor value from an earlier page of this list");
        }
        return page;
    }

    static ApiException notFound(String kind, String id) {
        return new ApiException(ApiError.NOT_FOUND, "no " + kind + " " + id);
    }

    static ApiException conflict(String message) {
        return new ApiException(ApiError.CONFLICT, message);
    }

    /** "1 active key" or "N active keys", for the conflict a refused deletion answers. */
    static String activeKeys(Deletion deletion) {
        long count = deletion.activeKeys();
        return count + (count == 1 ? " active key" : " active keys");
    }

    /** Refuses a field value with 400 when {@code problem}, from {@link DirectoryRules}, says what is wrong. */
    static void check(String problem) {
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
    }

    /** Who made the request, for the log. */
    static String actor(HttpServerExchange exchange) {
        return Objects.requireNonNull(exchange.getAttachment(AdminAuthHandler.ADMIN), "no admin attached").name();
    }
}

package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.PathParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code POST /admin/projects/{project}/keys}: checks the request and answers 201 with the new key,
 * generated or imported. Expects the body under {@link #BODY} and an admin.
 */
public final class CreateKeyHandler implements HttpHandler {
    /** Where the body reader leaves the parsed request for this handler. */
    public static final AttachmentKey<CreateKeyRequest> BODY = AttachmentKey.create(CreateKeyRequest.class);

    private final KeyIssuer issuer;
    private final Clock clock;

    public CreateKeyHandler(KeyIssuer issuer, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String project = PathParameters.get(exchange, "project");
        CreateKeyRequest request = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        if (!EntityIds.isValid(project)) {
            throw ApiException.badRequest("project " + EntityIds.RULE);
        }
        if (request.developer() == null) {
            throw ApiException.badRequest("developer is required");
        }
        if (!EntityIds.isValid(request.developer())) {
            throw ApiException.badRequest("developer " + EntityIds.RULE);
        }
        KeySettings settings = new KeySettings(KeyRules.description(request.description()),
                KeyRules.allowedApis(request.allowedApis()), KeyRules.expiresAt(request.expiresAt(), clock.instant()),
                KeyRules.rateLimit(request.rateLimit()), KeyRules.quota(request.quota()));
        String imported = request.key() == null ? null : KeyRules.importedKey(request.key());

        KeyIssuer.Issue issue = issuer.issue(project, request.developer(), settings, imported,
                AdminAuthHandler.admin(exchange).name());
        switch (issue.outcome()) {
            case UNKNOWN_PROJECT -> throw new ApiException(ApiError.NOT_FOUND, "no project " + project);
            case UNKNOWN_DEVELOPER -> throw new ApiException(ApiError.NOT_FOUND,
                    "no developer " + request.developer() + "; create it first");
            case DUPLICATE_KEY -> throw new ApiException(ApiError.CONFLICT, "that key value is already in use");
            case ISSUED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/keys/" + issue.key().keyId());
                // The body holds a secret: no cache along the way may keep it.
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                HttpJson.send(exchange, 201, issue.key());
            }
        }
    }
}

package io.keytrail.reporting.admin;

import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.keytrail.reporting.http.PathParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.Objects;

/**
 * {@code POST /admin/projects/{project}/keys}: checks the request and answers 201 with the new key,
 * the only answer that ever carries a key. Expects the body under {@link #BODY} and an admin.
 */
public final class CreateKeyHandler implements HttpHandler {
    /** Where the body reader leaves the parsed request for this handler. */
    public static final AttachmentKey<CreateKeyRequest> BODY = AttachmentKey.create(CreateKeyRequest.class);

    private final KeyIssuer issuer;

    public CreateKeyHandler(KeyIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String project = PathParameters.get(exchange, "project");
        CreateKeyRequest request = Objects.requireNonNull(exchange.getAttachment(BODY), "no request body attached");
        AdminAuthHandler.Admin admin = Objects.requireNonNull(exchange.getAttachment(AdminAuthHandler.ADMIN),
                "no admin attached");
        if (!EntityIds.isValid(project)) {
            throw ApiException.badRequest("project " + EntityIds.RULE);
        }
        if (request.developer() == null) {
            throw ApiException.badRequest("developer is required");
        }
        if (!EntityIds.isValid(request.developer())) {
            throw ApiException.badRequest("developer " + EntityIds.RULE);
        }
        String descriptionProblem = KeyIssuer.descriptionProblem(request.description());
        if (descriptionProblem != null) {
            throw ApiException.badRequest(descriptionProblem);
        }

        IssuedKey issued = issuer.issue(project, request.developer(), request.description(), admin.name());

        exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/keys/" + issued.keyId());
        // The body holds a secret: no cache along the way may keep it.
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        HttpJson.send(exchange, 201, issued);
    }
}

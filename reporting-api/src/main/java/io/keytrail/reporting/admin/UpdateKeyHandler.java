package io.keytrail.reporting.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.reporting.auth.AdminAuthHandler;
import io.keytrail.reporting.http.ApiError;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.HttpJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PATCH /admin/keys/{keyId}}: changes what an admin may set on an active key, as a JSON merge
 * patch: a field left out stays as it is, and {@code null} clears {@code expiresAt}, {@code rateLimit}
 * or {@code quota}. The body arrives as a tree under {@link #BODY}, since only a tree tells a field
 * sent as {@code null} from one not sent. Expects an admin.
 */
public final class UpdateKeyHandler implements HttpHandler {
    public static final AttachmentKey<ObjectNode> BODY = AttachmentKey.create(ObjectNode.class);

    private static final Set<String> FIELDS = Set.of("description", "allowedApis", "expiresAt", "rateLimit", "quota");
    private static final ObjectReader DESCRIPTION = HttpJson.strictReader(String.class);
    private static final ObjectReader APIS = HttpJson.strictReader(String[].class);
    private static final ObjectReader INSTANT = HttpJson.strictReader(Instant.class);
    private static final ObjectReader RATE_LIMIT = HttpJson.strictReader(KeyRules.RateLimitInput.class);
    private static final ObjectReader QUOTA = HttpJson.strictReader(KeyRules.QuotaInput.class);

    private final KeyManager keys;
    private final Clock clock;

    public UpdateKeyHandler(KeyManager keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String keyId = KeyPaths.keyId(exchange);
        KeyManager.Update update = parse(Objects.requireNonNull(exchange.getAttachment(BODY), "no body attached"));
        KeyManager.Change change = keys.update(keyId, update, AdminAuthHandler.admin(exchange).name());
        switch (change.outcome()) {
            case NOT_FOUND -> throw KeyPaths.notFound(keyId);
            case WRONG_STATUS -> throw new ApiException(ApiError.CONFLICT,
                    "key " + keyId + " is " + change.key().status() + "; only an ACTIVE key can be updated");
            case ROTATED -> throw new ApiException(ApiError.CONFLICT, "key " + keyId + " was rotated to "
                    + change.key().replacedBy() + " and only lives out its grace period; update its successor");
            case DONE -> HttpJson.send(exchange, 200, change.key());
            case NOT_RECOVERABLE -> throw new IllegalStateException("not an outcome of an update");
        }
    }

    private KeyManager.Update parse(ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown field '" + (name.length() > 64 ? name.substring(0, 64) : name)
                        + "'; a key's description, allowedApis, expiresAt, rateLimit and quota can be changed");
            }
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("request body must name at least one field to change");
        }
        Optional<String> description = field(body, "description", false)
                .map(node -> KeyRules.description(read(DESCRIPTION, node, "description")));
        Optional<List<String>> apis = field(body, "allowedApis", false)
                .map(node -> KeyRules.allowedApis(Arrays.asList((String[]) read(APIS, node, "allowedApis"))));
        Optional<JsonNode> expiry = field(body, "expiresAt", true);
        Optional<JsonNode> rateLimit = field(body, "rateLimit", true);
        Optional<JsonNode> quota = field(body, "quota", true);
        return new KeyManager.Update(description, apis,
                present(expiry).map(node -> KeyRules.expiresAt(read(INSTANT, node, "expiresAt"), clock.instant())),
                present(rateLimit).map(node -> KeyRules.rateLimit(read(RATE_LIMIT, node, "rateLimit"))),
                present(quota).map(node -> KeyRules.quota(read(QUOTA, node, "quota"))),
                isNull(expiry), isNull(rateLimit), isNull(quota));
    }

    /** The field's node when it was sent; {@code null} only where the field can be cleared. */
    private static Optional<JsonNode> field(ObjectNode body, String name, boolean clearable) {
        JsonNode node = body.get(name);
        if (node != null && node.isNull() && !clearable) {
            throw ApiException.badRequest(name + " cannot be null");
        }
        return Optional.ofNullable(node);
    }

    private static Optional<JsonNode> present(Optional<JsonNode> node) {
        return node.filter(n -> !n.isNull());
    }

    private static boolean isNull(Optional<JsonNode> node) {
        return node.isPresent() && node.get().isNull();
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(ObjectReader reader, JsonNode node, String name) {
        try {
            return (T) reader.readValue(reader.treeAsTokens(node));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("field '" + name + "' has the wrong type or form");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("field '" + name + "' cannot be read");
        }
    }
}

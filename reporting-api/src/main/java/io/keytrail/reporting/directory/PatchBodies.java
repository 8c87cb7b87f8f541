package io.keytrail.reporting.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keytrail.reporting.http.ApiException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a PATCH body, a JSON merge patch parsed as a tree: only a tree tells a field sent as
 * {@code null} from one not sent. Fields are checked by name here since no record type does it.
 */
final class PatchBodies {
    private static final int MAX_ECHO = 64;

    private PatchBodies() {
    }

    /**
     * Refuses an empty body and any field outside {@code fields}.
     *
     * @param changeable the allowed fields in words, for the message, e.g. "a project's name and description"
     */
    static void allowOnly(ObjectNode body, Set<String> fields, String changeable) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                String shown = name.length() > MAX_ECHO ? name.substring(0, MAX_ECHO) + "..." : name;
                throw ApiException.badRequest("unknown field '" + shown + "'; " + changeable + " can be changed");
            }
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("request body must name at least one field to change");
        }
    }

    /** The field's text when it was sent; a field that cannot be cleared must not be {@code null}. */
    static Optional<String> text(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            throw ApiException.badRequest(name + " cannot be null");
        }
        return Optional.of(textOf(node, name));
    }

    /** Whether the field was sent as {@code null}, which clears it. */
    static boolean isNull(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        return node != null && node.isNull();
    }

    /** The field's text when it was sent with a value; absent and {@code null} both give empty. */
    static Optional<String> textOrNull(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(textOf(node, name));
    }

    private static String textOf(JsonNode node, String name) {
        if (!node.isTextual()) {
            throw ApiException.badRequest("field '" + name + "' has the wrong type: it must be a string");
        }
        return node.textValue();
    }
}

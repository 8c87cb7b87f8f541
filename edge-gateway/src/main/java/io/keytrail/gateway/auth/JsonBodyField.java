package io.keytrail.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads and removes one top-level field of a JSON object body. The whole body is parsed, so a body
 * that is not JSON (or not UTF-8) is refused rather than forwarded half-understood; the field is
 * cut out of the original bytes, so what goes upstream is the client's JSON minus the key, with
 * every other byte (number formats, spacing, field order) as sent.
 */
final class JsonBodyField {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The body is not JSON. */
    static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** The field's occurrences, and the body without them when asked to remove them. */
    record Scan(FoundKeys found, byte[] body) {
    }

    private JsonBodyField() {
    }

    static Scan scan(byte[] body, String name, boolean remove) throws MalformedJsonException {
        int count = 0;
        String first = null;
        long[] spans = new long[0];
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedJsonException("empty body");
            }
            if (token == JsonToken.START_OBJECT) {
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    boolean match = name.equals(parser.currentName());
                    long start = parser.currentTokenLocation().getByteOffset();
                    JsonToken value = parser.nextToken();
                    if (!match) {
                        parser.skipChildren();
                        continue;
                    }
                    String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (count++ == 0) {
                        first = text;
                    }
                    parser.skipChildren();
                    spans = Arrays.copyOf(spans, spans.length + 2);
                    spans[spans.length - 2] = start;
                    spans[spans.length - 1] = parser.currentLocation().getByteOffset();
                }
            } else {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage());
        }
        FoundKeys found = new FoundKeys(count, first);
        return new Scan(found, remove && count > 0 ? cut(body, spans) : body);
    }

    /** {@code body} without the members at {@code spans}, each with the comma that joined it to a neighbour. */
    private static byte[] cut(byte[] body, long[] spans) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(body.length);
        int from = 0;
        for (int i = 0; i < spans.length; i += 2) {
            int start = (int) spans[i];
            int end = (int) spans[i + 1];
            int after = skipSpace(body, end);
            if (after < body.length && body[after] == ',') {
                end = after + 1;
            } else {
                int before = start - 1;
                while (before >= from && isSpace(body[before])) {
                    before--;
                }
                if (before >= from && body[before] == ',') {
                    start = before;
                }
            }
            start = Math.max(start, from);
            kept.write(body, from, start - from);
            from = Math.max(from, end);
        }
        kept.write(body, from, body.length - from);
        return kept.toByteArray();
    }

    private static int skipSpace(byte[] body, int index) {
        while (index < body.length && isSpace(body[index])) {
            index++;
        }
        return index;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}

package io.keytrail.bench.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two counts of a usage record, read without binding the rest: a window with its sketches is
 * several KiB of JSON, and the benchmark reads thousands per second on the machine it measures, so
 * full parsing would take CPU from the application under test. Reads the top-level
 * {@code success} and {@code failure} and stops.
 */
final class UsageCounts {
    private static final JsonFactory JSON = new JsonFactory();

    private UsageCounts() {
    }

    /** {success, failure} of a {@code UsageWindow} record. */
    static long[] read(byte[] value) {
        long[] counts = {-1, -1};
        try (JsonParser parser = JSON.createParser(value)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && depth == 1) {
                    String name = parser.currentName();
                    if (name.equals("success") || name.equals("failure")) {
                        parser.nextToken();
                        counts[name.equals("success") ? 0 : 1] = parser.getLongValue();
                        if (counts[0] >= 0 && counts[1] >= 0) {
                            return counts;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("a usage record without success and failure counts");
    }
}

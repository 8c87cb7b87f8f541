package io.keytrail.reporting.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.keytrail.events.Json;
import java.io.IOException;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Reads one contract record type from JSON and says precisely why a record is refused: a newer
 * schema version, a missing field, a bad value, or no JSON at all. The common case costs one parse;
 * only a refused record is parsed a second time, as a tree, to tell the reasons apart.
 */
final class JsonRecords<T> {
    private final ObjectReader reader;
    private final int currentVersion;
    private final ToIntFunction<T> version;

    JsonRecords(Class<T> type, int currentVersion, ToIntFunction<T> version) {
        this.reader = Json.mapper().readerFor(Objects.requireNonNull(type, "type"));
        this.currentVersion = currentVersion;
        this.version = Objects.requireNonNull(version, "version");
    }

    T read(byte[] value) {
        T parsed;
        try {
            parsed = reader.readValue(value);
        } catch (IOException | RuntimeException e) {
            throw classify(value, e);
        }
        if (parsed == null) {
            throw new SkippedRecord(SkipReason.CORRUPT, "the value is JSON null");
        }
        checkVersion(version.applyAsInt(parsed));
        return parsed;
    }

    private void checkVersion(int schemaVersion) {
        if (schemaVersion < 1 || schemaVersion > currentVersion) {
            throw new SkippedRecord(SkipReason.UNKNOWN_SCHEMA_VERSION, "schema version " + schemaVersion
                    + " (known: 1 to " + currentVersion + ")");
        }
    }

    private SkippedRecord classify(byte[] value, Exception failure) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(value);
        } catch (IOException | RuntimeException e) {
            return new SkippedRecord(SkipReason.CORRUPT, "not JSON");
        }
        if (tree == null || !tree.isObject()) {
            return new SkippedRecord(SkipReason.CORRUPT, "not a JSON object");
        }
        JsonNode schemaVersion = tree.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.canConvertToInt()) {
            return new SkippedRecord(SkipReason.UNKNOWN_SCHEMA_VERSION, "no usable schema version");
        }
        try {
            checkVersion(schemaVersion.intValue());
        } catch (SkippedRecord unknown) {
            return unknown;
        }
        if (failure instanceof ValueInstantiationException e) {
            // The record's constructor refused: a null it requires (NPE naming the field) or a rule it enforces.
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException) {
                return new SkippedRecord(SkipReason.MISSING_FIELD, String.valueOf(cause.getMessage()) + " is missing");
            }
            return new SkippedRecord(SkipReason.INVALID_VALUE, "refused by the record: "
                    + (cause == null ? "?" : cause.getClass().getSimpleName()));
        }
        if (failure instanceof MismatchedInputException e) {
            return new SkippedRecord(SkipReason.INVALID_VALUE, "a field has the wrong type or value: " + fieldPath(e));
        }
        return new SkippedRecord(SkipReason.CORRUPT, "not the record's JSON shape");
    }

    /**
     * The top-level property that held the bad value. Only that one: unknown properties are ignored,
     * so it is always one of the contract's names, while deeper names can be a map's keys, which
     * are data and could be anything.
     */
    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null
                ? "?" : e.getPath().get(0).getFieldName();
    }
}

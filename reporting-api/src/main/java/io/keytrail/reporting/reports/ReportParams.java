package io.keytrail.reporting.reports;

import io.keytrail.reporting.admin.EntityIds;
import io.keytrail.reporting.http.ApiException;
import io.keytrail.reporting.http.Instants;
import io.keytrail.reporting.http.QueryParameters;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The query parameters the reports share, read the same way everywhere, each refused with a 400 naming it. */
final class ReportParams {
    private ReportParams() {
    }

    /**
     * {@code from} and {@code to}, ISO-8601 instants; {@code to} defaults to now and {@code from}
     * to {@code defaultLength} before {@code to}.
     */
    static TimeRange range(HttpServerExchange exchange, Clock clock, Duration defaultLength) {
        Instant to = instant(exchange, "to");
        if (to == null) {
            to = clock.instant();
        }
        Instant from = instant(exchange, "from");
        return new TimeRange(from == null ? to.minus(defaultLength) : from, to);
    }

    static Instant instant(HttpServerExchange exchange, String name) {
        String text = QueryParameters.optional(exchange, name);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
        if (!Instants.storable(instant)) {
            throw ApiException.badRequest(name + " must be in the years 1 to 9999");
        }
        return instant;
    }

    static Granularity granularity(HttpServerExchange exchange, Granularity fallback) {
        String text = QueryParameters.optional(exchange, "granularity");
        return text == null ? fallback : Granularity.parse(text);
    }

    /** A whole number from {@code min} to {@code max}, {@code fallback} when absent. */
    static int integer(HttpServerExchange exchange, String name, int min, int max, int fallback) {
        String text = QueryParameters.optional(exchange, name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return value;
    }

    /** An optional project or developer id; {@code null} when absent. */
    static String entityId(HttpServerExchange exchange, String name) {
        String value = QueryParameters.optional(exchange, name);
        return value == null ? null : entityId(name, value);
    }

    static String entityId(String name, String value) {
        if (!EntityIds.isValid(value)) {
            throw ApiException.badRequest(name + " " + EntityIds.RULE);
        }
        return value;
    }

    static String keyId(String name, String value) {
        if (!EntityIds.isValidKeyId(value)) {
            throw ApiException.badRequest(name + " " + EntityIds.KEY_ID_RULE);
        }
        return value;
    }
}

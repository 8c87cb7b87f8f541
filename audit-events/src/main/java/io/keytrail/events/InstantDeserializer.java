package io.keytrail.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the contract's times, {@code 2026-12-07T10:15:30.123456789Z} (UTC, zero to nine fraction
 * digits), by hand, and hands anything else to jackson-datatype-jsr310's own deserializer, so what
 * is accepted and how it fails do not change.
 *
 * <p>Why it exists: every consumer of the auth topics parses one time per event, and a JFR profile
 * of audit-streams put about a twentieth of its stream thread in {@code DateTimeFormatter}'s
 * general parser for that one field. {@code InstantDeserializerTest} holds this reader to the
 * library's for valid and invalid times alike.
 */
final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    InstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant fast = parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (fast != null) {
                return fast;
            }
        }
        return com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** The instant {@code c[from, from + length)} spells in the contract's form, or null for any other text. */
    static Instant parse(char[] c, int from, int length) {
        // yyyy-MM-ddTHH:mm:ss, then optionally '.' and 1-9 digits, then 'Z'.
        if (length < 20 || length > 30 || c[from + length - 1] != 'Z'
                || c[from + 4] != '-' || c[from + 7] != '-' || c[from + 10] != 'T' || c[from + 13] != ':' || c[from + 16] != ':') {
            return null;
        }
        int year = digits(c, from, 4);
        int month = digits(c, from + 5, 2);
        int day = digits(c, from + 8, 2);
        int hour = digits(c, from + 11, 2);
        int minute = digits(c, from + 14, 2);
        int second = digits(c, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59
                || month < 1 || month > 12 || day < 1) {
            return null;
        }
        int nanos = 0;
        int fraction = length - 20;
        if (fraction > 0) {
            // A '.' and one to nine digits.
            if (fraction < 2 || c[from + 19] != '.') {
                return null;
            }
            int n = digits(c, from + 20, fraction - 1);
            if (n < 0) {
                return null;
            }
            nanos = n * SCALE[fraction - 1];
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The value of {@code count} decimal digits at {@code at}, or -1 when one is not a digit. */
    private static int digits(char[] c, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}

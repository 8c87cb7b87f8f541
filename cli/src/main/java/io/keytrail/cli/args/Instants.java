package io.keytrail.cli.args;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Points in time as people type them: an ISO-8601 instant ({@code 2027-01-01T00:00:00Z}), one with
 * an offset ({@code 2027-01-01T01:00:00+01:00}), or a date ({@code 2027-01-01}, midnight UTC). The
 * API receives the UTC instant.
 */
public final class Instants {
    private Instants() {
    }

    public static String parse(String option, String text) {
        String trimmed = text == null ? "" : text.strip();
        try {
            return Instant.parse(trimmed).toString();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(trimmed).toInstant().toString();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
                } catch (DateTimeParseException notDate) {
                    throw new UsageException(option + ": '" + text
                            + "' is not an ISO-8601 instant (e.g. 2027-01-01T00:00:00Z or 2027-01-01)");
                }
            }
        }
    }
}

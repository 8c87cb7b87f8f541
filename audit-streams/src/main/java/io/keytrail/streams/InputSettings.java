package io.keytrail.streams;

import java.time.Duration;

/**
 * What audit-streams accepts as an auth event; anything else goes to the dead-letter topic with the
 * reason instead of into an aggregate.
 *
 * @param maxFutureSkew  how far past the wall clock an event time may lie (gateway clocks drift a
 *                       little); a far-future time would advance stream time and close every open
 *                       window, so it must never reach the aggregates
 * @param maxAge         how far before the wall clock an event time may lie
 * @param maxFieldLength the longest text field accepted (the user agent excepted, which is not aggregated)
 */
public record InputSettings(Duration maxFutureSkew, Duration maxAge, int maxFieldLength) {
    public static final String MAX_FUTURE_SKEW_MS = "streams.input.max-future-skew-ms";
    public static final String MAX_AGE_MS = "streams.input.max-age-ms";
    public static final String MAX_FIELD_LENGTH = "streams.input.max-field-length";

    /** Three such fields make an endpoint's key in the state stores, which must stay under 64 KiB. */
    public static final int MAX_FIELD_LENGTH_LIMIT = 4096;

    public static final InputSettings DEFAULTS = new InputSettings(Duration.ofMinutes(5), Duration.ofDays(7), 2048);

    public InputSettings {
        positive(MAX_FUTURE_SKEW_MS, maxFutureSkew);
        positive(MAX_AGE_MS, maxAge);
        if (maxFieldLength < 16 || maxFieldLength > MAX_FIELD_LENGTH_LIMIT) {
            throw new SettingsException(MAX_FIELD_LENGTH, "must be between 16 and " + MAX_FIELD_LENGTH_LIMIT
                    + ", got '" + maxFieldLength + "'");
        }
    }

    static void positive(String key, Duration value) {
        if (value == null || value.toMillis() < 1) {
            throw new SettingsException(key, "must be a positive number of milliseconds, got "
                    + (value == null ? "none" : "'" + value.toMillis() + "'"));
        }
    }
}

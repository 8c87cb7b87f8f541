package io.keytrail.streams;

import java.time.Duration;
import java.util.List;

/**
 * The usage windows: tumbling, aligned to the epoch, of one minute, one hour and one day, each
 * accepting events up to {@code grace} after its end (in event time). Later events are counted
 * in Kafka Streams' {@code dropped-records} metric, not in a window already published as final.
 */
public record WindowSettings(Duration grace) {
    public static final String GRACE_MS = "streams.windows.grace-ms";
    public static final List<Duration> SIZES = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));

    public static final WindowSettings DEFAULTS = new WindowSettings(Duration.ofSeconds(30));

    public WindowSettings {
        if (grace == null || grace.isNegative()) {
            throw new SettingsException(GRACE_MS, "must be zero or a positive number of milliseconds, got "
                    + (grace == null ? "none" : "'" + grace.toMillis() + "'"));
        }
    }
}

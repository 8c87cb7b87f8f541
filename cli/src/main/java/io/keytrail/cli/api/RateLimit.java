package io.keytrail.cli.api;

import io.keytrail.cli.args.Durations;
import io.keytrail.cli.args.UsageException;

/**
 * At most {@code requests} requests per sliding {@code windowSeconds}. Typed as {@code 100/60s},
 * {@code 100/m} (one minute) or {@code 100/60} (seconds).
 */
public record RateLimit(long requests, long windowSeconds) {
    public static final long MAX_REQUESTS = 1_000_000_000L;
    public static final long MAX_WINDOW_SECONDS = 86_400;

    public static RateLimit parse(String option, String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new UsageException(option + ": '" + text + "' is not REQUESTS/WINDOW (e.g. 100/60s, 1000/1h)");
        }
        long requests = Count.parse(option, parts[0], MAX_REQUESTS);
        String window = parts[1];
        if (window.length() == 1 && "smhd".contains(window)) {
            window = "1" + window;
        }
        long seconds = Durations.seconds(option, window);
        if (seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
            throw new UsageException(option + ": the window must be between 1s and 1d, got " + parts[1]);
        }
        return new RateLimit(requests, seconds);
    }

    /** As typed: {@code 100/1m}. */
    public String display() {
        return requests + "/" + Durations.format(windowSeconds);
    }
}

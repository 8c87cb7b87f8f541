package io.keytrail.cli.api;

import io.keytrail.cli.args.UsageException;
import java.util.List;
import java.util.Locale;

/** At most {@code requests} requests per UTC calendar {@code period}. Typed as {@code 10000/DAY}. */
public record Quota(long requests, String period) {
    public static final long MAX_REQUESTS = 1_000_000_000_000L;
    public static final List<String> PERIODS = List.of("HOUR", "DAY", "MONTH");

    public static Quota parse(String option, String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty()) {
            throw new UsageException(option + ": '" + text + "' is not REQUESTS/PERIOD (e.g. 10000/DAY)");
        }
        long requests = Count.parse(option, parts[0], MAX_REQUESTS);
        String period = parts[1].toUpperCase(Locale.ROOT);
        if (!PERIODS.contains(period)) {
            throw new UsageException(option + ": the period must be HOUR, DAY or MONTH, got '" + parts[1] + "'");
        }
        return new Quota(requests, period);
    }

    public String display() {
        return requests + "/" + period;
    }
}

package io.keytrail.cli.api;

import io.keytrail.cli.args.UsageException;

/** A positive request count within the API's bounds. */
final class Count {
    private Count() {
    }

    static long parse(String option, String text, long max) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + text + "' is not a number of requests");
        }
        if (value < 1 || value > max) {
            throw new UsageException(option + ": the number of requests must be between 1 and " + max + ", got " + value);
        }
        return value;
    }
}

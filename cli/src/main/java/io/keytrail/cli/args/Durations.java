package io.keytrail.cli.args;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 90} (seconds), {@code 45s}, {@code 30m}, {@code 1h},
 * {@code 7d}, or a sequence such as {@code 1h30m}; and back, in the shortest such form.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+[smhd])+|\\d+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");
    private static final long MAX_SECONDS = 100L * 365 * 86_400;

    private Durations() {
    }

    /**
     * The number of seconds {@code text} stands for.
     *
     * @throws UsageException naming {@code option} when the text is not a duration
     */
    public static long seconds(String option, String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new UsageException(option + ": '" + text + "' is not a duration (e.g. 90, 45s, 30m, 1h, 7d, 1h30m)");
        }
        try {
            if (Character.isDigit(trimmed.charAt(trimmed.length() - 1))) {
                return check(option, text, Long.parseLong(trimmed));
            }
            long total = 0;
            Matcher part = PART.matcher(trimmed);
            while (part.find()) {
                long unit = switch (part.group(2)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    default -> 86_400;
                };
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(part.group(1)), unit));
                check(option, text, total);
            }
            return total;
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLong(option, text);
        }
    }

    /** {@code 5400} as {@code 1h30m}, {@code 0} as {@code 0s}. */
    public static String format(long seconds) {
        if (seconds <= 0) {
            return seconds + "s";
        }
        StringBuilder text = new StringBuilder();
        long rest = seconds;
        long[] units = {86_400, 3600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (rest >= units[i]) {
                text.append(rest / units[i]).append(names[i]);
                rest %= units[i];
            }
        }
        return text.toString();
    }

    private static long check(String option, String text, long seconds) {
        if (seconds > MAX_SECONDS) {
            throw tooLong(option, text);
        }
        return seconds;
    }

    private static UsageException tooLong(String option, String text) {
        return new UsageException(option + ": '" + text + "' is too long a duration");
    }
}

package io.keytrail.gateway.limits;

import io.keytrail.events.KeyRecord.QuotaPeriod;

/**
 * Calendar periods in UTC as plain numbers, without {@code java.time} objects: the limit policy
 * needs the current period of a quota on every request of a limited key, and should not allocate
 * for it. The civil-date conversions are Howard Hinnant's days_from_civil and civil_from_days.
 */
final class Periods {
    static final long HOUR_MILLIS = 3_600_000L;
    static final long DAY_MILLIS = 86_400_000L;

    private Periods() {
    }

    /** The index of the period holding {@code epochMillis}: hours, days or months since the epoch. */
    static long index(QuotaPeriod period, long epochMillis) {
        return switch (period) {
            case HOUR -> Math.floorDiv(epochMillis, HOUR_MILLIS);
            case DAY -> Math.floorDiv(epochMillis, DAY_MILLIS);
            case MONTH -> monthsSinceEpoch(Math.floorDiv(epochMillis, DAY_MILLIS));
        };
    }

    /** The first millisecond after the period of the given index. */
    static long endMillis(QuotaPeriod period, long index) {
        return switch (period) {
            case HOUR -> (index + 1) * HOUR_MILLIS;
            case DAY -> (index + 1) * DAY_MILLIS;
            case MONTH -> {
                long next = index + 1 + 1970L * 12;
                yield daysFromCivil(Math.floorDiv(next, 12), (int) Math.floorMod(next, 12) + 1, 1) * DAY_MILLIS;
            }
        };
    }

    /** Months since January 1970 of the day {@code epochDay}. */
    static long monthsSinceEpoch(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return (year - 1970) * 12 + month - 1;
    }

    /** Days since the epoch of {@code year-month-day}. */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}

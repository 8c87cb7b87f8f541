package io.keytrail.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keytrail.events.KeyRecord.QuotaPeriod;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The allocation-free calendar arithmetic agrees with java.time over four centuries. */
class PeriodsTest {
    @Test
    void monthsAndTheirEndsAgreeWithJavaTime() {
        for (long day = LocalDate.of(1900, 1, 1).toEpochDay(); day < LocalDate.of(2300, 1, 1).toEpochDay(); day++) {
            LocalDate date = LocalDate.ofEpochDay(day);
            long month = Periods.monthsSinceEpoch(day);
            assertEquals((date.getYear() - 1970) * 12L + date.getMonthValue() - 1, month, date::toString);
            assertEquals(day, Periods.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
            long end = date.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            assertEquals(end, Periods.endMillis(QuotaPeriod.MONTH, month), date::toString);
        }
    }

    @Test
    void hoursAndDaysAreAlignedToUtc() {
        long millis = LocalDate.of(2026, 11, 23).atTime(10, 59, 59, 999_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        long hour = Periods.index(QuotaPeriod.HOUR, millis);
        assertEquals(millis + 1, Periods.endMillis(QuotaPeriod.HOUR, hour));
        long day = Periods.index(QuotaPeriod.DAY, millis);
        assertEquals(LocalDate.of(2026, 11, 24).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                Periods.endMillis(QuotaPeriod.DAY, day));
    }
}

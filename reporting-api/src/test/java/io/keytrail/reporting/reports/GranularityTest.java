package io.keytrail.reporting.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GranularityTest {
    @ParameterizedTest
    @CsvSource({
            "2024-05-01T00:00:00Z, 2024-05-03T00:00:00Z, DAY",
            "2024-05-01T00:00:00Z, 2024-05-03T01:00:00Z, HOUR",
            "2024-05-01T01:00:00Z, 2024-05-01T02:00:00Z, HOUR",
            "2024-05-01T01:00:00Z, 2024-05-01T01:30:00Z, MINUTE",
            "2024-05-01T00:00:00.5Z, 2024-05-02T00:00:00Z, MINUTE",
    })
    void picksTheCoarsestWindowsThatCoverTheRangeExactly(String from, String to, Granularity expected) {
        assertEquals(expected, Granularity.coarsestAligned(new TimeRange(Instant.parse(from), Instant.parse(to))));
    }
}

package io.keytrail.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"0,0", "90,90", "45s,45", "30m,1800", "1h,3600", "7d,604800", "1h30m,5400", "1d2h3m4s,93784",
            "30d,2592000", "' 1h ',3600"})
    void readsSecondsAndSuffixes(String text, long seconds) {
        assertEquals(seconds, Durations.seconds("--grace", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "1x", "-5", "1.5h", "1 h", "h1", "1H", "99999999999999999999"})
    void refusesWhatIsNotADuration(String text) {
        UsageException e = assertThrows(UsageException.class, () -> Durations.seconds("--grace", text));
        assertTrue(e.getMessage().startsWith("--grace: "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "45,45s", "60,1m", "3600,1h", "5400,1h30m", "86400,1d", "93784,1d2h3m4s"})
    void formatsTheShortestWay(long seconds, String text) {
        assertEquals(text, Durations.format(seconds));
        assertEquals(seconds, Durations.seconds("x", text));
    }
}

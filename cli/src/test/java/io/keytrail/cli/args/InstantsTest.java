package io.keytrail.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstantsTest {
    @Test
    void acceptsInstantsOffsetsAndDatesAndSendsUtc() {
        assertEquals("2027-01-01T00:00:00Z", Instants.parse("--expires-at", "2027-01-01T00:00:00Z"));
        assertEquals("2027-01-01T00:00:00Z", Instants.parse("--expires-at", "2027-01-01T01:00:00+01:00"));
        assertEquals("2027-01-01T00:00:00Z", Instants.parse("--expires-at", "2027-01-01"));
        assertEquals("2027-01-01T00:00:00.500Z", Instants.parse("--expires-at", "2027-01-01T00:00:00.5Z"));
    }

    @Test
    void refusesTheRestNamingTheOption() {
        for (String bad : new String[] {"", "tomorrow", "2027-13-01", "2027-01-01T00:00:00", "1700000000"}) {
            UsageException e = assertThrows(UsageException.class, () -> Instants.parse("--expires-at", bad));
            assertTrue(e.getMessage().startsWith("--expires-at: '" + bad + "' is not an ISO-8601 instant"), e.getMessage());
        }
    }
}

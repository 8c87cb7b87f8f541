package io.keytrail.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    @Test
    void idsAreVersion7AndCarryTheirMillisecond() {
        UUID id = EventIds.nextUuid(1_763_892_930_123L);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(1_763_892_930_123L, EventIds.epochMillis(id.toString()));
    }

    @Test
    void idsSortByTime() {
        String earlier = EventIds.nextUuid(1_000L).toString();
        String later = EventIds.nextUuid(2_000L).toString();
        assertTrue(earlier.compareTo(later) < 0);
    }

    @Test
    void manyIdsInOneMillisecondAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(EventIds.nextUuid(42L).toString()));
        }
    }
}

package io.keytrail.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.keytrail.events.KeyStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyIdIndexTest {
    private final KeyIdIndex index = new KeyIdIndex();

    @Test
    void putReplacesByKeyIdAndRemoveForgets() {
        KeyEntry first = entry("key_a", 1);
        KeyEntry second = entry("key_a", 2);
        assertNull(index.put(first));
        assertSame(first, index.put(second));
        assertSame(second, index.get("key_a"));
        assertEquals(1, index.size());
        assertSame(second, index.remove("key_a"));
        assertNull(index.get("key_a"));
        assertNull(index.remove("key_a"));
        assertEquals(0, index.size());
    }

    /**
     * Against a HashMap, through growth and many removals: backward-shift deletion must keep every
     * remaining id reachable, including runs that wrap around the end of the table.
     */
    @Test
    void behavesLikeAMapThroughGrowthAndRemovals() {
        Map<String, KeyEntry> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add("key_" + Integer.toString(random.nextInt(1 << 30), 36));
        }
        for (int step = 0; step < 200_000; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            if (random.nextInt(3) == 0) {
                assertSame(expected.remove(id), index.remove(id));
            } else {
                KeyEntry entry = entry(id, step);
                assertSame(expected.put(id, entry), index.put(entry));
            }
            if (step % 10_000 == 0) {
                assertSameContent(expected, ids);
            }
        }
        assertSameContent(expected, ids);
        for (String id : ids) {
            assertSame(expected.remove(id), index.remove(id));
        }
        assertEquals(0, index.size());
    }

    @Test
    void staysAtMostThreeQuartersFull() {
        for (int i = 0; i < 1_000; i++) {
            index.put(entry("key_" + i, 1));
        }
        assertEquals(1_000, index.size());
        assertEquals(2_048, index.capacity());
    }

    private void assertSameContent(Map<String, KeyEntry> expected, List<String> ids) {
        assertEquals(expected.size(), index.size());
        for (String id : ids) {
            assertSame(expected.get(id), index.get(id), id);
        }
    }

    private static KeyEntry entry(String keyId, long version) {
        return new KeyEntry(new KeyDigest(1, 2, 3, version), keyId, "p", "d", KeyEntry.ALL_APIS, KeyStatus.ACTIVE,
                Long.MAX_VALUE, version, null);
    }
}

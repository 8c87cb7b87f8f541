package io.keytrail.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountTableTest {
    private static final String OTHER = "(other)";

    @Test
    void countsPerNameWhetherOrNotTheNameIsTheInternedInstance() {
        CountTable table = new CountTable(10, 2, OTHER);
        count(table, CountTable.intern("a"), 0, 1);
        // A name built anew (a miss in the intern table, say) still finds its entry.
        count(table, new String("a".toCharArray()), 1, 1);
        count(table, "b", 0, 1);

        assertEquals(Map.of("a", "1,1", "b", "1,0"), contents(table));
        assertEquals(2, table.size());
    }

    @Test
    void holdsMaxMinusOneNamesAndCountsTheRestUnderOther() {
        CountTable table = new CountTable(4, 1, OTHER);
        for (String name : new String[] {"a", "b", "c", "d", "e", "a", "d"}) {
            count(table, name, 0, 1);
        }

        assertEquals(Map.of("a", "2", "b", "1", "c", "1", OTHER, "3"), contents(table));
        assertEquals(4, table.size());
        assertTrue(table.isOther(table.entry("zzz")));
        assertFalse(table.isOther(table.entry("a")));
    }

    @Test
    void putReadsAStoredTableBackAsItWasWhateverItsOrder() {
        CountTable table = new CountTable(3, 1, OTHER);
        // Written with (other) first; the bound must not fold named entries into it on the way back.
        table.put(OTHER, new long[] {5});
        table.put("a", new long[] {1});
        table.put("b", new long[] {2});

        assertEquals(Map.of(OTHER, "5", "a", "1", "b", "2"), contents(table));
        count(table, "c", 0, 1);
        assertEquals("6", contents(table).get(OTHER));
    }

    @Test
    void entriesKeepTheirNumbersAndLinksAsTheTableGrows() {
        CountTable table = new CountTable(1000, 1, OTHER);
        int first = table.entry("name-0");
        table.link(first, 41);
        for (int i = 1; i < 500; i++) {
            count(table, "name-" + i, 0, i);
        }

        assertEquals(first, table.entry("name-0"));
        assertEquals(41, table.link(first));
        assertEquals(-1, table.link(table.entry("name-7")));
        assertEquals("499", contents(table).get("name-499"));
        assertEquals(500, table.size());
    }

    @Test
    void visitsEntriesInTheOrderTheyCame() {
        CountTable table = new CountTable(10, 1, OTHER);
        for (String name : new String[] {"z", "m", "a"}) {
            table.entry(name);
        }
        StringBuilder order = new StringBuilder();
        table.forEach((name, counts) -> order.append(name));
        assertEquals("zma", order.toString());
    }

    @Test
    void internsToOneInstance() {
        String a = CountTable.intern(new String("GET\u0000orders\u0000/orders".toCharArray()));
        assertSame(a, CountTable.intern(new String("GET\u0000orders\u0000/orders".toCharArray())));
    }

    private static void count(CountTable table, String name, int column, long n) {
        table.add(table.entry(name), column, n);
    }

    private static Map<String, String> contents(CountTable table) {
        Map<String, String> out = new LinkedHashMap<>();
        table.forEach((name, counts) -> {
            StringBuilder s = new StringBuilder();
            for (long c : counts) {
                s.append(s.length() > 0 ? "," : "").append(c);
            }
            out.put(name, s.toString());
        });
        return out;
    }
}

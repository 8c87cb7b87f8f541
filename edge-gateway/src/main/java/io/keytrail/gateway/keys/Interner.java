package io.keytrail.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shared instance per distinct id. Single-threaded: each instance belongs to one writer (the
 * registry, under its lock; the feed's reader, on the feed thread).
 *
 * <p>Why: a project has many keys and a developer several, and each record arrives with its own
 * copies of their ids: kept as they come, the two ids alone cost more than 100 bytes a key. Shared,
 * they cost that once per project or developer. Why not {@link String#intern()}: its table is
 * global to the JVM and outside our control; this one is dropped with its owner. Why an
 * open-addressing table of strings rather than a {@code HashMap}: it can be probed with the bytes
 * of an id still in the fetch buffer ({@link #intern(byte[], int, int)}), so the feed makes no
 * string at all for an id it has seen before, and it costs one reference a slot instead of a map
 * node per id.
 *
 * <p>It only grows: it holds the ids of every project, developer and API seen since start,
 * including those whose keys are all gone. That is bounded by the tenant's size, not by the number
 * of keys, and a restart sheds them.
 */
final class Interner {
    private static final int MIN_CAPACITY = 64;

    private String[] table = new String[MIN_CAPACITY];
    private int size;
    private final Map<List<String>, String[]> apiLists = new HashMap<>();
    private final Map<KeyLimits, KeyLimits> limits = new HashMap<>();

    String intern(String value) {
        if (value == null) {
            return null;
        }
        int mask = table.length - 1;
        for (int i = spread(value.hashCode()) & mask; ; i = (i + 1) & mask) {
            String held = table[i];
            if (held == null) {
                return add(i, value);
            }
            if (held == value || held.equals(value)) {
                return held;
            }
        }
    }

    /**
     * The shared instance of the ISO-8859-1 string in {@code bytes[offset, offset + length)}; a new
     * string is made only for an id never seen before.
     */
    String intern(byte[] bytes, int offset, int length) {
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            // String.hashCode of the same characters, so both lookups find the same slot.
            hash = 31 * hash + (bytes[i] & 0xff);
        }
        int mask = table.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            String held = table[i];
            if (held == null) {
                return add(i, new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }
            if (sameLatin1(held, bytes, offset, length)) {
                return held;
            }
        }
    }

    /**
     * One array per distinct list of API ids (keys limited to the same APIs share it), its ids
     * interned; {@link KeyEntry#ALL_APIS} for the empty list, which is almost every key.
     * The arrays are shared, so nobody may write to them.
     */
    String[] internApis(List<String> apiIds) {
        if (apiIds == null || apiIds.isEmpty()) {
            return KeyEntry.ALL_APIS;
        }
        String[] held = apiLists.get(apiIds);
        if (held == null) {
            held = new String[apiIds.size()];
            for (int i = 0; i < held.length; i++) {
                held[i] = intern(apiIds.get(i));
            }
            // Keyed by a list of the interned ids, so the key does not keep the record's copies alive.
            apiLists.put(List.of(held), held);
        }
        return held;
    }

    /** One instance per distinct rate limit and quota: keys on the same plan share it. */
    KeyLimits internLimits(KeyLimits value) {
        return value == null ? null : limits.computeIfAbsent(value, v -> v);
    }

    int size() {
        return size;
    }

    private String add(int slot, String value) {
        table[slot] = value;
        // At most half full: probes stay short, and the table is small next to the strings anyway.
        if (++size > table.length >>> 1) {
            String[] old = table;
            table = new String[old.length * 2];
            int mask = table.length - 1;
            for (String s : old) {
                if (s != null) {
                    int i = spread(s.hashCode()) & mask;
                    while (table[i] != null) {
                        i = (i + 1) & mask;
                    }
                    table[i] = s;
                }
            }
        }
        return value;
    }

    private static boolean sameLatin1(String held, byte[] bytes, int offset, int length) {
        if (held.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (held.charAt(i) != (bytes[offset + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Mixes the high bits into the low ones, which pick the slot. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}

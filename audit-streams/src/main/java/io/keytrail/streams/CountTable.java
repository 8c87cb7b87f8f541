package io.keytrail.streams;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A window's counts per name (API route, or endpoint), bounded: at most {@code max} entries, the
 * last of them {@code other}, which takes every name that finds the table full.
 *
 * <p>Why not a {@code HashMap<String, long[]>}: every event updates six windows, each a table
 * nobody touched since that window's last event, and a JFR profile of the benchmark put a quarter
 * of the stream thread in those maps' lookups, where table, node, key, key bytes and value are five
 * objects to fetch from memory. Here names are {@link #intern interned}, so a lookup compares
 * references: an index slot, a name and the counts, each in a flat array.
 *
 * <p>Entries keep their number for the table's life (the index, not the entries, is rebuilt when
 * it grows), so an entry can carry a link to an entry of another table: the endpoint table links
 * each endpoint to its API route's entry, and an event finds both with one lookup.
 */
final class CountTable {
    /**
     * Names beyond this many, or longer than {@link #MAX_INTERNED_LENGTH}, are left as they are:
     * still counted right, only compared by content. Methods come from clients, so the interned
     * names are bounded in number and size (at most about 8 MiB).
     */
    static final int MAX_INTERNED = 16_384;
    static final int MAX_INTERNED_LENGTH = 256;
    private static final Map<String, String> INTERNED = new ConcurrentHashMap<>();

    private final int max;
    private final int width;
    private final String other;
    private String[] names = new String[4];
    private long[] counts;
    private int[] links = new int[4];
    /** Open addressing over entry numbers + 1 (0 is free), at most half full. */
    private int[] index = new int[8];
    private int size;
    private int otherEntry = -1;

    CountTable(int max, int width, String other) {
        if (max < 1 || width < 1) {
            throw new IllegalArgumentException("max " + max + ", width " + width);
        }
        this.max = max;
        this.width = width;
        this.other = intern(other);
        counts = new long[names.length * width];
    }

    /** The canonical instance of {@code name}, so tables find it by reference. */
    static String intern(String name) {
        String known = INTERNED.get(name);
        if (known != null) {
            return known;
        }
        if (INTERNED.size() >= MAX_INTERNED || name.length() > MAX_INTERNED_LENGTH) {
            return name;
        }
        known = INTERNED.putIfAbsent(name, name);
        return known == null ? name : known;
    }

    int size() {
        return size;
    }

    /**
     * The entry counting {@code name}: its own, added when missing while the table holds fewer than
     * {@code max - 1} names, else {@code other}'s.
     */
    int entry(String name) {
        int slot = find(name);
        if (slot >= 0) {
            return index[slot] - 1;
        }
        if (size < max - 1) {
            return add(name, -slot - 1);
        }
        return otherEntry >= 0 ? otherEntry : add(other, -find(other) - 1);
    }

    /** Whether {@code entry} is the one every name beyond the bound shares. */
    boolean isOther(int entry) {
        return entry == otherEntry;
    }

    /** Adds {@code n} to count number {@code column} (0 to width - 1) of {@code entry}. */
    void add(int entry, int column, long n) {
        counts[entry * width + column] += n;
    }

    /** The entry of another table {@code entry} was linked to, or -1. */
    int link(int entry) {
        return links[entry] - 1;
    }

    void link(int entry, int target) {
        links[entry] = target + 1;
    }

    /** Adds {@code values} to {@code name}'s own entry, bound or not: for reading a table back as it was written. */
    void put(String name, long[] values) {
        name = intern(name);
        int slot = find(name);
        int entry = slot >= 0 ? index[slot] - 1 : add(name, -slot - 1);
        for (int i = 0; i < width; i++) {
            counts[entry * width + i] += values[i];
        }
    }

    /** Visits every entry with its name and counts, in the order they were added. */
    void forEach(Entry visitor) {
        long[] values = new long[width];
        for (int e = 0; e < size; e++) {
            System.arraycopy(counts, e * width, values, 0, width);
            visitor.accept(names[e], values);
        }
    }

    interface Entry {
        /** {@code counts} is reused between calls. */
        void accept(String name, long[] counts);
    }

    /** The index slot holding {@code name}, or {@code -(free slot) - 1}. */
    private int find(String name) {
        int mask = index.length - 1;
        int hash = name.hashCode();
        int i = (hash ^ (hash >>> 16)) & mask;
        while (true) {
            int e = index[i];
            if (e == 0) {
                return -i - 1;
            }
            String k = names[e - 1];
            if (k == name || (k.hashCode() == hash && k.equals(name))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private int add(String name, int slot) {
        int entry = size;
        if (entry == names.length) {
            names = Arrays.copyOf(names, entry * 2);
            counts = Arrays.copyOf(counts, entry * 2 * width);
            links = Arrays.copyOf(links, entry * 2);
        }
        names[entry] = name;
        size++;
        if (name.equals(other)) {
            otherEntry = entry;
        }
        if (size * 2 > index.length) {
            index = new int[index.length * 2];
            for (int e = 0; e < size; e++) {
                index[-find(names[e]) - 1] = e + 1;
            }
        } else {
            index[slot] = entry + 1;
        }
        return entry;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        forEach((name, values) -> s.append(s.length() > 1 ? ", " : "").append(name).append('=')
                .append(Arrays.toString(values)));
        return s.append('}').toString();
    }
}

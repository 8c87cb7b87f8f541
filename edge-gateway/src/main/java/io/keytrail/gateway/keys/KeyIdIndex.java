package io.keytrail.gateway.keys;

/**
 * Key id to entry, for the registry's writer alone; the request path never reads it.
 *
 * <p>Why it exists: a tombstone names only the key id, and a record whose hash changed names only
 * the new hash, so without an index by id the gateway could not find what to forget and would keep
 * accepting a key it was told to drop. Why it is not a {@code HashMap}: a map node per key (32
 * bytes) plus its table is 40 bytes a key; this table of entry references, probed linearly, costs
 * one reference per slot, about 8 bytes a key at a million keys. The entry already holds the key id,
 * so the index stores nothing else. Why it is not concurrent: only one thread writes the registry,
 * under the registry's lock, so nothing here needs to be.
 */
final class KeyIdIndex {
    private static final int MIN_CAPACITY = 16;

    private KeyEntry[] table = new KeyEntry[MIN_CAPACITY];
    private int shift = Integer.numberOfLeadingZeros(MIN_CAPACITY) + 1;
    private int size;

    KeyEntry get(String keyId) {
        KeyEntry[] t = table;
        int mask = t.length - 1;
        for (int i = slot(keyId); ; i = (i + 1) & mask) {
            KeyEntry entry = t[i];
            if (entry == null || entry.keyId().equals(keyId)) {
                return entry;
            }
        }
    }

    /** Files {@code entry} under its key id; returns the entry it replaced, or {@code null}. */
    KeyEntry put(KeyEntry entry) {
        KeyEntry[] t = table;
        int mask = t.length - 1;
        String keyId = entry.keyId();
        for (int i = slot(keyId); ; i = (i + 1) & mask) {
            KeyEntry held = t[i];
            if (held == null) {
                t[i] = entry;
                // At most three quarters full: linear probing stays short, the table stays small.
                if (++size > t.length - (t.length >>> 2)) {
                    grow();
                }
                return null;
            }
            if (held.keyId().equals(keyId)) {
                t[i] = entry;
                return held;
            }
        }
    }

    /** Forgets {@code keyId}; returns the entry it had, or {@code null}. */
    KeyEntry remove(String keyId) {
        KeyEntry[] t = table;
        int mask = t.length - 1;
        int i = slot(keyId);
        while (true) {
            KeyEntry held = t[i];
            if (held == null) {
                return null;
            }
            if (held.keyId().equals(keyId)) {
                break;
            }
            i = (i + 1) & mask;
        }
        KeyEntry removed = t[i];
        t[i] = null;
        size--;
        // Backward-shift deletion (Knuth, Algorithm R): close the gap so that every entry after it
        // in the probe run stays reachable from its home slot, without tombstone markers.
        int gap = i;
        for (int j = (gap + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = slot(t[j].keyId());
            boolean reachable = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!reachable) {
                t[gap] = t[j];
                t[j] = null;
                gap = j;
            }
        }
        return removed;
    }

    int size() {
        return size;
    }

    int capacity() {
        return table.length;
    }

    private void grow() {
        KeyEntry[] old = table;
        table = new KeyEntry[old.length * 2];
        shift--;
        int mask = table.length - 1;
        for (KeyEntry entry : old) {
            if (entry != null) {
                int i = slot(entry.keyId());
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = entry;
            }
        }
    }

    /** Fibonacci hashing: the top bits of the product spread even similar ids over the table. */
    private int slot(String keyId) {
        return (keyId.hashCode() * 0x9E3779B9) >>> shift;
    }
}

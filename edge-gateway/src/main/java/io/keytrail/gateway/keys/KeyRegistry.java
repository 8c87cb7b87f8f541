package io.keytrail.gateway.keys;

import io.keytrail.events.KeyRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys this gateway accepts, by digest. Reads are lock-free; only the feed thread writes.
 * A key id index lets a change or a deletion find the digest the key was filed under.
 */
public final class KeyRegistry {
    private final Map<KeyDigest, KeyEntry> byDigest = new ConcurrentHashMap<>();
    private final Map<String, KeyDigest> digestById = new ConcurrentHashMap<>();

    /** The entry for a presented key's digest, or {@code null} when the key is unknown. */
    public KeyEntry find(KeyDigest digest) {
        return byDigest.get(digest);
    }

    /** Applies the latest state of a key; an older version than the one held is ignored. */
    public void apply(KeyRecord record) {
        KeyDigest digest = KeyDigest.fromHex(record.keyHash());
        KeyEntry entry = KeyEntry.from(record);
        KeyDigest previous = digestById.get(record.keyId());
        if (previous != null) {
            KeyEntry held = byDigest.get(previous);
            if (held != null && held.version() > entry.version()) {
                return;
            }
            if (!previous.equals(digest)) {
                byDigest.remove(previous);
            }
        }
        byDigest.put(digest, entry);
        digestById.put(record.keyId(), digest);
    }

    /** Forgets a deleted key (a tombstone on the keys topic). */
    public void remove(String keyId) {
        KeyDigest digest = digestById.remove(keyId);
        if (digest != null) {
            byDigest.remove(digest);
        }
    }

    public int size() {
        return byDigest.size();
    }
}

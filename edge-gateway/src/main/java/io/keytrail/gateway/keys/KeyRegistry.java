package io.keytrail.gateway.keys;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys this gateway knows, by digest. Reads are lock-free; only the feed thread writes.
 *
 * <p>Memory is the design constraint: a gateway holds every key of every tenant, a million and
 * more, in the heap of a small JVM. So there is one concurrent map, digest to entry, which is all
 * the request path reads; an entry holds its own key id and digest, its project, developer and API
 * ids are interned, and the writer's index by key id is a bare table of entry references rather
 * than a second map (see {@link KeyIdIndex}, {@link Interner}).
 *
 * <p>Writes ({@link #apply}, {@link #remove}) are serialised by the registry's lock. In the gateway
 * only the feed thread writes, so the lock is never contended; it is there so that the writer-only
 * structures stay correct even if that ever changes, and it makes the writes of one thread visible
 * to the next writer. Readers never take it.
 */
public final class KeyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRegistry.class);

    private final ConcurrentHashMap<KeyDigest, KeyEntry> byDigest = new ConcurrentHashMap<>();
    private final KeyIdIndex byId = new KeyIdIndex();
    private final Interner ids = new Interner();

    /** The entry for a presented key's digest, or {@code null} when the key is unknown or deleted. */
    public KeyEntry find(KeyDigest digest) {
        return byDigest.get(digest);
    }

    /**
     * Applies the latest state of a key. A record older than the version held for its key id is
     * ignored. A {@code DELETED} record removes the key from the registry at once; the tombstone
     * that follows it ({@link #remove}) then forgets the key id too.
     *
     * @throws IllegalArgumentException when the record's hash is not a SHA-256 hex digest
     */
    public void apply(KeyRecord record) {
        apply(KeyUpdate.of(record));
    }

    /** {@link #apply(KeyRecord)} for what the feed reads off the topic. */
    synchronized void apply(KeyUpdate update) {
        String keyId = update.keyId();
        KeyEntry held = byId.get(keyId);
        if (held != null && held.version() > update.version()) {
            return;
        }
        KeyDigest digest = update.digest();
        if (held != null && held.digest().equals(digest)) {
            // Keep one digest instance per key: the map's node already holds this one.
            digest = held.digest();
        }
        KeyEntry entry = new KeyEntry(digest, keyId, ids.intern(update.projectId()), ids.intern(update.developerId()),
                ids.internApis(update.allowedApis()), update.status(), update.expiresAtMillis(), update.version(),
                ids.internLimits(update.limits()));
        // A DELETED entry stays in the index, never in the map, until its tombstone: it remembers
        // the version of the deletion, so that a stale copy of the key replayed after it (an
        // at-least-once relay resending older records) cannot bring the key back. It costs memory
        // only between a deletion and its tombstone, which the control plane publishes together.
        byId.put(entry);
        if (entry.status() != KeyStatus.DELETED) {
            KeyEntry displaced = byDigest.put(digest, entry);
            if (displaced != null && displaced != held) {
                // Two key ids published with one hash: the same secret cannot be two keys, and the
                // newer record wins the lookup. Drop the other id from the index as well, so that its
                // later tombstone cannot remove this key.
                LOG.warn("key {} has the same hash as key {}; {} now answers for it", keyId, displaced.keyId(), keyId);
                byId.remove(displaced.keyId());
            }
        }
        if (held != null && held.status() != KeyStatus.DELETED && (entry.status() == KeyStatus.DELETED
                || held.digest() != digest)) {
            // Deleted, or filed under a new hash: the old digest must stop answering. Removing only
            // the mapping to the held entry never removes another key's.
            byDigest.remove(held.digest(), held);
        }
    }

    /**
     * Forgets a key id (a tombstone on the keys topic). A tombstone for an id the registry does not
     * hold is ignored, and that is sound: the control plane publishes {@code DELETED} (with the hash)
     * before the tombstone, so a gateway that read the topic in order has already dropped the key;
     * and a gateway that starts after compaction kept the tombstone but discarded everything
     * before it never had the key at all. An id still held (its {@code DELETED} record lost or never
     * published) is removed here, by the digest its entry holds.
     */
    public synchronized void remove(String keyId) {
        KeyEntry held = byId.remove(keyId);
        if (held != null && held.status() != KeyStatus.DELETED) {
            byDigest.remove(held.digest(), held);
        }
    }

    /** Keys that can be looked up: active, revoked and expired ones; not deleted ones. */
    public int size() {
        return byDigest.size();
    }
}

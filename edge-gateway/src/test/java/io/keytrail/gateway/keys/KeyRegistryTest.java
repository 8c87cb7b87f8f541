package io.keytrail.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRegistryTest {
    private final KeyRegistry registry = new KeyRegistry();

    @Test
    void findsAKeyByTheDigestOfWhatTheClientPresents() {
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 1));
        KeyEntry entry = registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one"));
        assertEquals("k1", entry.keyId());
        assertEquals("dev", entry.developerId());
        assertNull(registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-onE")));
    }

    @Test
    void aNewerVersionReplacesAndAnOlderOneIsIgnored() {
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 2));
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.REVOKED, 3));
        assertTrue(registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")).revoked());
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 1));
        assertTrue(registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")).revoked());
        assertEquals(1, registry.size());
    }

    @Test
    void aChangedHashRefilesTheKeyAndATombstoneForgetsIt() {
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 1));
        registry.apply(record("k1", "secret-two-secret-two-secret-two", KeyStatus.ACTIVE, 2));
        assertNull(registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")));
        assertEquals("k1", registry.find(KeyDigest.ofKey("secret-two-secret-two-secret-two")).keyId());
        registry.remove("k1");
        assertNull(registry.find(KeyDigest.ofKey("secret-two-secret-two-secret-two")));
        assertEquals(0, registry.size());
    }

    @Test
    void expiryIsComparedAtRequestTime() {
        KeyRecord expiring = new KeyRecord(1, "k2", sha256("x".repeat(32)), "xxxx", "p", "d", KeyStatus.ACTIVE,
                Instant.EPOCH, Instant.ofEpochMilli(1_000), List.of(), 1, null, null);
        registry.apply(expiring);
        KeyEntry entry = registry.find(KeyDigest.ofKey("x".repeat(32)));
        assertTrue(!entry.expiredAt(999) && entry.expiredAt(1_000));
    }

    @Test
    void digestsMustBeSha256() {
        assertThrows(IllegalArgumentException.class, () -> KeyDigest.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> KeyDigest.of(new byte[16]));
    }

    static KeyRecord record(String keyId, String key, KeyStatus status, long version) {
        return new KeyRecord(1, keyId, sha256(key), key.substring(0, 4), "proj", "dev", status, Instant.EPOCH, null,
                List.of(), version, null, null);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

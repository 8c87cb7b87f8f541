package io.keytrail.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
    static final String ONE = "secret-one-secret-one-secret-one";
    static final String TWO = "secret-two-secret-two-secret-two";
    static final String THREE = "secret-3-secret-3-secret-3-secre";

    private final KeyRegistry registry = new KeyRegistry();

    @Test
    void findsAKeyByTheDigestOfWhatTheClientPresents() {
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 1));
        KeyEntry entry = registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one"));
        assertEquals("k1", entry.keyId());
        assertEquals("dev", entry.developerId());
        assertEquals("proj", entry.projectId());
        assertEquals(KeyStatus.ACTIVE, entry.status());
        assertEquals(List.of(), entry.allowedApis());
        assertNull(registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-onE")));
    }

    @Test
    void aNewerVersionReplacesAndAnOlderOneIsIgnored() {
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 2));
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.REVOKED, 3));
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")).status());
        registry.apply(record("k1", "secret-one-secret-one-secret-one", KeyStatus.ACTIVE, 1));
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")).status());
        assertEquals(3, registry.find(KeyDigest.ofKey("secret-one-secret-one-secret-one")).version());
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
    void aDeletedRecordRemovesTheKeyAtOnceAndNoStaleCopyBringsItBack() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        registry.apply(record("k2", TWO, KeyStatus.ACTIVE, 1));
        registry.apply(record("k1", ONE, KeyStatus.DELETED, 2));
        assertNull(registry.find(KeyDigest.ofKey(ONE)));
        assertEquals(1, registry.size());
        // An at-least-once relay may replay older records after the deletion.
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        assertNull(registry.find(KeyDigest.ofKey(ONE)), "a stale copy must not undo a deletion");
        registry.remove("k1");
        assertNull(registry.find(KeyDigest.ofKey(ONE)));
        assertEquals("k2", registry.find(KeyDigest.ofKey(TWO)).keyId());
        assertEquals(1, registry.size());
    }

    @Test
    void aDeletedRecordRemovesTheDigestTheKeyIsFiledUnder() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        registry.apply(record("k1", TWO, KeyStatus.REVOKED, 2));
        registry.apply(record("k1", TWO, KeyStatus.DELETED, 3));
        assertNull(registry.find(KeyDigest.ofKey(ONE)));
        assertNull(registry.find(KeyDigest.ofKey(TWO)));
        assertEquals(0, registry.size());
    }

    @Test
    void aStaleDeletedRecordIsIgnored() {
        registry.apply(record("k1", ONE, KeyStatus.REVOKED, 3));
        registry.apply(record("k1", ONE, KeyStatus.DELETED, 2));
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey(ONE)).status());
        assertEquals(1, registry.size());
    }

    @Test
    void aDeletionOfAKeyNeverSeenAndItsTombstoneChangeNothing() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        registry.apply(record("k9", TWO, KeyStatus.DELETED, 4));
        registry.remove("k9");
        registry.remove("k-unknown");
        assertEquals("k1", registry.find(KeyDigest.ofKey(ONE)).keyId());
        assertNull(registry.find(KeyDigest.ofKey(TWO)));
        assertEquals(1, registry.size());
    }

    @Test
    void aTombstoneAloneRemovesAKeyStillHeld() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        registry.apply(record("k2", TWO, KeyStatus.REVOKED, 5));
        registry.remove("k1");
        registry.remove("k2");
        assertNull(registry.find(KeyDigest.ofKey(ONE)));
        assertNull(registry.find(KeyDigest.ofKey(TWO)));
        assertEquals(0, registry.size());
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        assertEquals("k1", registry.find(KeyDigest.ofKey(ONE)).keyId(), "a forgotten id is a new key again");
    }

    @Test
    void expiredAndRevokedStatusesAreKeptSoTheGatewayCanSayWhy() {
        registry.apply(record("k1", ONE, KeyStatus.EXPIRED, 2));
        registry.apply(record("k2", TWO, KeyStatus.REVOKED, 2));
        assertEquals(KeyStatus.EXPIRED, registry.find(KeyDigest.ofKey(ONE)).status());
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey(TWO)).status());
        assertEquals(2, registry.size());
    }

    @Test
    void equalVersionsApplyAndOrderingHoldsAcrossManyChanges() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 7));
        registry.apply(record("k1", ONE, KeyStatus.REVOKED, 7));
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey(ONE)).status(), "a replay of the held version applies");
        for (long v = 6; v >= 1; v--) {
            registry.apply(record("k1", v % 2 == 0 ? TWO : ONE, KeyStatus.ACTIVE, v));
        }
        assertEquals(KeyStatus.REVOKED, registry.find(KeyDigest.ofKey(ONE)).status());
        assertNull(registry.find(KeyDigest.ofKey(TWO)), "an older record must not file the key under its old hash");
        assertEquals(1, registry.size());
    }

    @Test
    void idsAreSharedBetweenKeysAndAllowedApisAreCarried() {
        registry.apply(new KeyRecord(1, "k1", sha256(ONE), "secr", new String("proj"), new String("dev"), KeyStatus.ACTIVE,
                Instant.EPOCH, null, List.of(new String("orders"), new String("payments")), 1, null, null));
        registry.apply(new KeyRecord(1, "k2", sha256(TWO), "secr", new String("proj"), new String("dev"), KeyStatus.ACTIVE,
                Instant.EPOCH, null, List.of(new String("orders"), new String("payments")), 1, null, null));
        registry.apply(new KeyRecord(1, "k3", sha256(THREE), "secr", new String("proj"), new String("dev-2"),
                KeyStatus.ACTIVE, Instant.EPOCH, null, List.of(new String("orders")), 1, null, null));
        KeyEntry one = registry.find(KeyDigest.ofKey(ONE));
        KeyEntry two = registry.find(KeyDigest.ofKey(TWO));
        KeyEntry three = registry.find(KeyDigest.ofKey(THREE));
        assertSame(one.projectId(), two.projectId());
        assertSame(one.projectId(), three.projectId());
        assertSame(one.developerId(), two.developerId());
        assertSame(one.allowedApis().get(0), three.allowedApis().get(0));
        assertEquals(List.of("orders", "payments"), two.allowedApis());
        assertTrue(one.allowsApi("payments") && !one.allowsApi("refunds"));
        assertTrue(three.allowsApi("orders") && !three.allowsApi("payments"));
        registry.apply(record("k4", "secret-4-secret-4-secret-4-secre", KeyStatus.ACTIVE, 1));
        KeyEntry unrestricted = registry.find(KeyDigest.ofKey("secret-4-secret-4-secret-4-secre"));
        assertEquals(List.of(), unrestricted.allowedApis());
        assertTrue(unrestricted.allowsApi("anything"), "no allowed APIs means every API of the project");
    }

    @Test
    void twoKeyIdsWithOneHashLeaveTheNewerAnsweringAndTheOlderCannotRemoveIt() {
        registry.apply(record("k1", ONE, KeyStatus.ACTIVE, 1));
        registry.apply(record("k2", ONE, KeyStatus.ACTIVE, 1));
        assertEquals("k2", registry.find(KeyDigest.ofKey(ONE)).keyId());
        registry.remove("k1");
        assertEquals("k2", registry.find(KeyDigest.ofKey(ONE)).keyId());
        assertEquals(1, registry.size());
        registry.remove("k2");
        assertNull(registry.find(KeyDigest.ofKey(ONE)));
    }

    @Test
    void manyKeysComeAndGoAndTheRegistryMatchesTheirLatestState() {
        java.util.Map<String, KeyRecord> latest = new java.util.HashMap<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int step = 0; step < 20_000; step++) {
            String keyId = "key_" + random.nextInt(2_000);
            KeyRecord held = latest.get(keyId);
            long version = held == null ? 1 : held.version() + 1;
            int action = random.nextInt(10);
            if (action == 0) {
                registry.remove(keyId);
                latest.remove(keyId);
            } else {
                KeyStatus status = KeyStatus.values()[random.nextInt(KeyStatus.values().length)];
                // Mostly the key's own secret; sometimes a new one, so the key is refiled.
                String secret = "secret-" + keyId + "-" + (random.nextInt(8) == 0 ? step : 0);
                KeyRecord record = record(keyId, secret, status, version);
                registry.apply(record);
                latest.put(keyId, record);
                if (random.nextInt(4) == 0) {
                    registry.apply(record(keyId, "secret-stale-" + step, KeyStatus.ACTIVE, version - 1));
                }
            }
        }
        int live = 0;
        for (KeyRecord record : latest.values()) {
            KeyEntry entry = registry.find(KeyDigest.fromHex(record.keyHash()));
            if (record.status() == KeyStatus.DELETED) {
                assertNull(entry, record.keyId());
            } else {
                live++;
                assertEquals(record.keyId(), entry.keyId());
                assertEquals(record.status(), entry.status());
                assertEquals(record.version(), entry.version());
            }
        }
        assertEquals(live, registry.size(), "no digest is left behind by a refiled, deleted or forgotten key");
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

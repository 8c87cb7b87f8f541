package io.keytrail.bench.registry;

import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic keys topic: {@code live} keys that stay in the registry and
 * {@code deleted} keys that come and go, shaped like what the control plane publishes. Ids and
 * hashes have the real formats (key ids {@code key_} + 16 of {@code [a-z0-9]}, lower-case hex
 * SHA-256 of a 32-character key); project and developer ids are admin-chosen words, so they repeat
 * across keys as in a real tenant: about {@code projects} projects and {@code developers}
 * developers, each developer working mostly in one project.
 *
 * <p>The mix, per key: 3% revoked and 2% expired (each published first as active, then with the
 * new status: the history an uncompacted topic still holds), 8% of the active ones with a future
 * expiry, 5% with one to three allowed APIs, 3% with a rate limit and 2% with a quota. A deleted
 * key is published active, then {@code DELETED} with its hash, then as a tombstone. Every key is
 * derived from its index alone, so two runs with the same seed publish the same topic.
 */
final class KeyDataset {
    private static final char[] KEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final String[] WORDS = {"acme", "northwind", "contoso", "globex", "initech", "umbrella", "stark",
        "wayne", "tyrell", "cyberdyne", "hooli", "vandelay", "soylent", "wonka", "oscorp", "aperture"};
    private static final String[] AREAS = {"payments", "orders", "billing", "search", "catalog", "shipping", "mobile",
        "web", "partners", "analytics", "identity", "inventory", "support", "checkout", "loyalty", "pricing"};
    private static final String[] FIRST = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
        "judy", "mallory", "nina", "oscar", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf", "zoe",
        "maria", "jose", "wei", "fatima", "olga", "kenji", "amara", "lars", "priya"};
    private static final String[] LAST = {"smith", "garcia", "chen", "muller", "rossi", "kowalski", "silva", "tanaka",
        "novak", "ivanova", "okafor", "larsen", "dubois", "kumar", "haddad", "murphy", "jensen", "santos", "berg"};
    private static final String[] APIS = {"orders", "orders-v2", "payments", "refunds", "catalog", "search", "inventory",
        "shipping", "tracking", "customers", "loyalty", "pricing", "quotes", "invoices", "reports", "webhooks",
        "identity", "profiles", "notifications", "files"};
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    private final long seed;
    private final int live;
    private final int deleted;
    private final int projects;
    private final int developers;

    KeyDataset(long seed, int live, int deleted, int projects, int developers) {
        this.seed = seed;
        this.live = live;
        this.deleted = deleted;
        this.projects = projects;
        this.developers = developers;
    }

    /** Keys {@code [0, live)} stay; {@code [live, live + deleted)} are deleted in the end. */
    int keys() {
        return live + deleted;
    }

    int live() {
        return live;
    }

    /** One published record, or a tombstone ({@code record == null}) for {@code keyId}. */
    record Published(String keyId, KeyRecord record) {
    }

    /** Key {@code index} as first created: active, version 1. */
    KeyRecord created(int index) {
        return key(index).created;
    }

    /** What the topic holds for key {@code index} after its creation, in order; empty for most keys. */
    List<Published> laterChanges(int index) {
        Key key = key(index);
        List<Published> out = new ArrayList<>(2);
        if (index >= live) {
            out.add(new Published(key.created.keyId(), with(key.created, KeyStatus.DELETED, key.created.expiresAt())));
            out.add(new Published(key.created.keyId(), null));
        } else if (key.finalStatus != KeyStatus.ACTIVE) {
            Instant expires = key.finalStatus == KeyStatus.EXPIRED ? key.expiredAt : key.created.expiresAt();
            out.add(new Published(key.created.keyId(), with(key.created, key.finalStatus, expires)));
        }
        return out;
    }

    private static KeyRecord with(KeyRecord r, KeyStatus status, Instant expiresAt) {
        return new KeyRecord(r.schemaVersion(), r.keyId(), r.keyHash(), r.keyHint(), r.projectId(), r.developerId(),
                status, r.createdAt(), expiresAt, r.allowedApis(), r.version() + 1, r.rateLimit(), r.quota());
    }

    private record Key(KeyRecord created, KeyStatus finalStatus, Instant expiredAt) {
    }

    private Key key(int index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        String secret = draw(random, KEY_ALPHABET, 32);
        String keyId = "key_" + draw(random, ID_ALPHABET, 16);
        int developer = random.nextInt(developers);
        // A developer works in one project; one key in ten is for another project.
        int project = random.nextInt(10) == 0 ? random.nextInt(projects) : home(developer);
        Instant created = EPOCH.plusMillis((long) ((double) index / keys()
                * Duration.between(EPOCH, NOW).toMillis()) + random.nextInt(1000));
        int roll = random.nextInt(100);
        KeyStatus finalStatus = roll < 3 ? KeyStatus.REVOKED : roll < 5 ? KeyStatus.EXPIRED : KeyStatus.ACTIVE;
        Instant expiresAt = null;
        Instant expiredAt = null;
        if (finalStatus == KeyStatus.EXPIRED) {
            expiredAt = created.plus(Duration.ofDays(1 + random.nextInt(90)));
        } else if (random.nextInt(100) < 8) {
            expiresAt = NOW.plus(Duration.ofDays(30 + random.nextInt(335)));
        }
        List<String> allowed = List.of();
        if (random.nextInt(100) < 5) {
            allowed = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            while (allowed.size() < count) {
                String api = APIS[random.nextInt(APIS.length)];
                if (!allowed.contains(api)) {
                    allowed.add(api);
                }
            }
        }
        KeyRecord.RateLimit rateLimit = random.nextInt(100) < 3
                ? new KeyRecord.RateLimit(100L * (1 + random.nextInt(50)), 60) : null;
        KeyRecord.Quota quota = random.nextInt(100) < 2
                ? new KeyRecord.Quota(10_000L * (1 + random.nextInt(100)), KeyRecord.QuotaPeriod.DAY) : null;
        KeyRecord record = new KeyRecord(KeyRecord.SCHEMA_VERSION, keyId, sha256Hex(secret), secret.substring(0, 4),
                projectId(project), developerId(developer), KeyStatus.ACTIVE, created, expiresAt, allowed, 1,
                rateLimit, quota);
        return new Key(record, finalStatus, expiredAt);
    }

    private int home(int developer) {
        return new SplittableRandom(seed ^ (0xD1B54A32D192ED03L * (developer + 1))).nextInt(projects);
    }

    /** Like {@code globex-checkout-417}: stable per project number. */
    private String projectId(int project) {
        SplittableRandom random = new SplittableRandom(seed ^ (0xABCDEF1234567L * (project + 1)));
        return WORDS[random.nextInt(WORDS.length)] + "-" + AREAS[random.nextInt(AREAS.length)] + "-" + project;
    }

    /** Like {@code priya.okafor.48213}: stable per developer number. */
    private String developerId(int developer) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x5DEECE66DL * (developer + 1)));
        return FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)] + "." + developer;
    }

    private static String draw(SplittableRandom random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String sha256Hex(String key) {
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[64];
        for (int i = 0; i < 32; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}

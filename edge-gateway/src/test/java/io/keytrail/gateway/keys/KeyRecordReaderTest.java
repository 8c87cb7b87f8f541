package io.keytrail.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyRecord;
import io.keytrail.events.KeyStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The feed's reader must read every value exactly as the contract's data binding does. */
class KeyRecordReaderTest {
    static final String HASH = KeyRegistryTest.sha256("secret-one-secret-one-secret-one");

    private final KeyRecordReader reader = new KeyRecordReader();

    @Test
    void readsWhatTheControlPlaneWritesAsTheBindingDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        int fastReads = 0;
        // Plain ids mostly, as the control plane issues them; now and then one only the binding may decode.
        String[] plain = {"p", "shop", "acme-payments-042", "alice.smith.4821", "orders_v2", "A.b-C_9"};
        String[] odd = {"dév", "a\"quoted\\id", "tab\there", "emoji-\uD83D\uDE00", "ünïcödé-ƒ", "del\u007f"};
        for (int i = 0; i < 3_000; i++) {
            java.util.function.Supplier<String> id = () -> random.nextInt(8) == 0 ? odd[random.nextInt(odd.length)]
                    : plain[random.nextInt(plain.length)];
            KeyStatus status = KeyStatus.values()[random.nextInt(KeyStatus.values().length)];
            List<String> apis = new ArrayList<>();
            for (int a = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; a > 0; a--) {
                apis.add(id.get() + a);
            }
            Instant expires = random.nextBoolean() ? null
                    : Instant.ofEpochSecond(random.nextLong(4_000_000_000L), random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0);
            long version = random.nextInt(4) == 0 ? random.nextLong(Long.MAX_VALUE) : random.nextInt(1_000);
            KeyRecord record = new KeyRecord(KeyRecord.SCHEMA_VERSION, "key_" + i + (random.nextInt(8) == 0 ? id.get() : ""),
                    KeyRegistryTest.sha256("k" + i), random.nextInt(10) == 0 ? null : "k" + i,
                    random.nextInt(10) == 0 ? null : id.get(), random.nextInt(10) == 0 ? null : "dev-" + id.get(), status,
                    random.nextInt(10) == 0 ? null : Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)), expires, apis,
                    version,
                    random.nextInt(8) == 0 ? new KeyRecord.RateLimit(1 + random.nextInt(100), 60) : null,
                    random.nextInt(8) == 0 ? new KeyRecord.Quota(1 + random.nextInt(100), KeyRecord.QuotaPeriod.DAY) : null);
            byte[] value = EventSerdes.keyRecord().serialize("t", record);
            String json = new String(value, StandardCharsets.UTF_8);
            assertEquals(KeyUpdate.of(record), reader.read("t", ByteBuffer.wrap(value)), json);
            if (record.version() < 1_000_000_000_000_000_000L
                    && json.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !json.contains("\\")) {
                assertNotNull(fast(value), "the common shape must take the fast path: " + json);
                fastReads++;
            }
        }
        assertTrue(fastReads > 1_000, "only " + fastReads + " records took the fast path");
    }

    @Test
    void aRecordOfEveryCurrentFieldTakesTheFastPath() throws Exception {
        // Fails when the contract gains a field: teach the reader the field, or every record takes the slow path.
        KeyRecord record = new KeyRecord(KeyRecord.SCHEMA_VERSION, "key_abcdefghij012345", HASH, "Ab3d", "shop", "alice",
                KeyStatus.ACTIVE, Instant.parse("2026-01-02T03:04:05.678Z"), Instant.parse("2027-01-01T00:00:00Z"),
                List.of("orders", "payments"), 12, null, null);
        byte[] value = EventSerdes.keyRecord().serialize("t", record);
        assertEquals(KeyUpdate.of(record), fast(value));
        assertNotNull(fast(EventSerdes.keyRecord().serialize("t", new KeyRecord(KeyRecord.SCHEMA_VERSION, "key_x", HASH,
                null, null, null, KeyStatus.DELETED, null, null, List.of(), 1, null, null))));
    }

    @Test
    void readsThePrettyPrintedGoldenRecordOfTheContractOnTheFastPath() {
        // audit-events/src/test/resources/golden/key-record-v1.json
        String golden = """
                {
                  "schemaVersion" : 1,
                  "keyId" : "key_3vq9x2m7c4b8n1zt",
                  "keyHash" : "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                  "keyHint" : "Ab3d",
                  "projectId" : "shop",
                  "developerId" : "alice",
                  "status" : "ACTIVE",
                  "createdAt" : "2026-11-23T10:15:30.123Z",
                  "expiresAt" : "2027-01-01T00:00:00Z",
                  "allowedApis" : [ "orders", "catalog" ],
                  "version" : 3,
                  "rateLimit" : {
                    "requests" : 100,
                    "windowSeconds" : 60
                  },
                  "quota" : {
                    "requests" : 100000,
                    "period" : "MONTH"
                  }
                }
                """;
        byte[] value = golden.getBytes(StandardCharsets.UTF_8);
        KeyUpdate expected = KeyUpdate.of(EventSerdes.keyRecord().deserialize("t", value));
        assertEquals(expected, fast(value));
        assertEquals(List.of("orders", "catalog"), expected.allowedApis());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(), expected.expiresAtMillis());
        assertEquals(new KeyLimits(100, 60_000, 100_000, KeyRecord.QuotaPeriod.MONTH), fast(value).limits());
    }

    @Test
    void readsAValueWhereItLiesInALargerBuffer() {
        byte[] value = EventSerdes.keyRecord().serialize("t", new KeyRecord(1, "key_x", HASH, "Ab3d", "shop", "alice",
                KeyStatus.REVOKED, Instant.EPOCH, null, List.of("orders"), 3, null, null));
        byte[] fetched = new byte[value.length + 20];
        java.util.Arrays.fill(fetched, (byte) '}');
        System.arraycopy(value, 0, fetched, 7, value.length);
        KeyUpdate expected = KeyUpdate.of(EventSerdes.keyRecord().deserialize("t", value));
        assertEquals(expected, reader.read("t", ByteBuffer.wrap(fetched, 7, value.length).slice()));
        ByteBuffer direct = ByteBuffer.allocateDirect(value.length).put(value).flip();
        assertEquals(expected, reader.read("t", direct));
    }

    @Test
    void idsSeenBeforeAreShared() {
        String json = "{\"schemaVersion\":1,\"keyId\":\"key_%s\",\"keyHash\":\"" + HASH + "\",\"projectId\":\"shop\","
                + "\"developerId\":\"alice\",\"status\":\"ACTIVE\",\"allowedApis\":[\"orders\"],\"version\":1}";
        KeyUpdate one = read(json.formatted("a"));
        KeyUpdate two = read(json.formatted("b"));
        org.junit.jupiter.api.Assertions.assertSame(one.projectId(), two.projectId());
        org.junit.jupiter.api.Assertions.assertSame(one.developerId(), two.developerId());
        org.junit.jupiter.api.Assertions.assertSame(one.allowedApis().get(0), two.allowedApis().get(0));
    }

    @Test
    void otherShapesReadAsTheBindingReadsThem() throws Exception {
        List<String> values = List.of(
                // reordered, unknown fields of every kind, upper-case hash, explicit nulls
                "{\"version\":4,\"future\":{\"a\":[1,{\"b\":null}]},\"status\":\"REVOKED\",\"keyHash\":\"" + HASH.toUpperCase()
                        + "\",\"keyId\":\"key_x\",\"extra\":[\"x\"],\"schemaVersion\":1,\"projectId\":null,\"expiresAt\":null,"
                        + "\"allowedApis\":null,\"rateLimit\":null,\"quota\":null,\"keyHint\":null,\"createdAt\":null}",
                // an expiry as epoch seconds, a version as a string, ids as numbers: the binding coerces them
                "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"expiresAt\":1700000000,"
                        + "\"version\":\"7\",\"projectId\":42,\"developerId\":\"d\"}",
                // a rate limit and a quota: the binding validates them
                "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":2,"
                        + "\"rateLimit\":{\"requests\":10,\"windowSeconds\":60},\"quota\":{\"requests\":5,\"period\":\"HOUR\"}}",
                // no schema version or version: the binding's defaults
                "{\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"EXPIRED\"}",
                // an expiry with an offset, trailing content after the object
                "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":1,"
                        + "\"expiresAt\":\"2030-01-01T10:00:00+02:00\",\"allowedApis\":[\"orders\",\"orders\"]} trailing",
                // escapes in the hash itself
                "{\"schemaVersion\":1,\"keyId\":\"key_\\u0078\",\"keyHash\":\"\\u0030" + HASH.substring(1) + "\",\"status\":\"DELETED\",\"version\":9}",
                // whitespace everywhere, negative and zero numbers, an unknown field, non-ASCII ids
                " \n{ \"schemaVersion\" : 0 , \"keyId\" : \"key_ü\" ,\t\"keyHash\":\"" + HASH + "\", \"status\" : \"REVOKED\" ,"
                        + " \"version\" : -3 , \"projectId\" : \"projèt\" , \"allowedApis\" : [ \"a\" , \"b\" ] , \"scopes\" : [1] }\r\n",
                // a duplicate field: whichever the binding takes
                "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"status\":\"REVOKED\",\"version\":1}",
                // numbers the scanner leaves alone: fraction, exponent, beyond 18 digits
                "{\"schemaVersion\":1.0,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":1234567890123456789}",
                "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":1e3}");
        for (String json : values) {
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            KeyRecord bound = EventSerdes.keyRecord().deserialize("t", value);
            assertEquals(KeyUpdate.of(bound), reader.read("t", ByteBuffer.wrap(value)), json);
        }
    }

    @Test
    void limitsAndTimesReadAsTheBindingReadsThem() {
        String head = "{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":1,";
        List<String> tails = List.of(
                "\"rateLimit\":{\"windowSeconds\":60,\"requests\":10},\"quota\":{\"period\":\"MONTH\",\"requests\":5}}",
                "\"rateLimit\":{\"requests\":10,\"windowSeconds\":60,\"burst\":3}}",
                "\"expiresAt\":\"2024-02-29T23:59:59.5Z\"}",
                "\"expiresAt\":\"2030-01-01T00:00:00.123456789Z\"}",
                "\"expiresAt\":\"1969-12-31T23:59:59.999Z\"}",
                "\"expiresAt\":\"0000-01-01T00:00:00Z\"}",
                "\"expiresAt\":\"2026-11-23T10:00:00.120Z\"}",
                "\"expiresAt\":\"2026-11-23T23:59:60Z\"}",
                "\"expiresAt\":\"2026-11-23T24:00:00Z\"}",
                "\"expiresAt\":\"2026-11-23T10:00:00.Z\"}",
                "\"expiresAt\":\"+12026-11-23T10:00:00Z\"}");
        for (String tail : tails) {
            byte[] value = (head + tail).getBytes(StandardCharsets.UTF_8);
            KeyRecord bound = EventSerdes.keyRecord().deserialize("t", value);
            assertEquals(KeyUpdate.of(bound), reader.read("t", ByteBuffer.wrap(value)), tail);
        }
        assertNotNull(fast(head + tails.get(0)), "valid limits take the fast path");
        assertNotNull(fast(head + tails.get(3)), "the contract's form of an instant takes the fast path");
        List<String> refused = List.of(
                "\"rateLimit\":{\"requests\":10}}",
                "\"rateLimit\":{\"requests\":10,\"windowSeconds\":0}}",
                "\"quota\":{\"requests\":10,\"period\":\"WEEK\"}}",
                "\"quota\":{\"requests\":-1,\"period\":\"DAY\"}}",
                "\"quota\":{\"requests\":5,\"period\":\"DAY\",\"period\":\"HOUR\"}}",
                "\"expiresAt\":\"2023-02-29T00:00:00Z\"}",
                "\"expiresAt\":\"2026-11-23\"}");
        for (String tail : refused) {
            assertThrows(SerializationException.class, () -> EventSerdes.keyRecord().deserialize("t",
                    (head + tail).getBytes(StandardCharsets.UTF_8)), "the binding refuses " + tail);
            assertThrows(SerializationException.class, () -> read(head + tail), tail);
        }
    }

    @Test
    void whatTheBindingRefusesIsRefused() {
        String valid = "\"schemaVersion\":1,\"keyId\":\"key_x\",\"version\":1";
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"keyHash\":\"" + HASH + "\",\"status\":\"SUSPENDED\"}"));
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"status\":\"ACTIVE\"}"));
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"keyHash\":\"" + HASH + "\"}"));
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\","
                + "\"rateLimit\":{\"requests\":0,\"windowSeconds\":60}}"));
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\","
                + "\"allowedApis\":[\"a\",null]}"));
        assertThrows(SerializationException.class, () -> read("{" + valid + ",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\""));
        assertThrows(SerializationException.class, () -> read("null"));
        assertThrows(SerializationException.class, () -> read("[]"));
        assertThrows(IllegalArgumentException.class, () -> read("{" + valid + ",\"keyHash\":\"abcd\",\"status\":\"ACTIVE\"}"));
        assertThrows(IllegalArgumentException.class, () -> read("{" + valid + ",\"keyHash\":\"" + "g".repeat(64)
                + "\",\"status\":\"ACTIVE\"}"));
    }

    @Test
    void anExpiryBeyondEpochMillisIsNeverRatherThanAnError() {
        KeyUpdate update = read("{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH
                + "\",\"status\":\"ACTIVE\",\"version\":1,\"expiresAt\":\"+1000000000-01-01T00:00:00Z\"}");
        assertEquals(Long.MAX_VALUE, update.expiresAtMillis());
    }

    @Test
    void theFastPathDeclinesRatherThanGuesses() throws Exception {
        assertNull(fast("{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH
                + "\",\"status\":\"ACTIVE\",\"version\":\"1\"}"));
        assertNull(fast("{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH
                + "\",\"status\":\"active\",\"version\":1}"));
        assertNull(fast("{\"schemaVersion\":1,\"keyId\":\"key_x\",\"keyHash\":\"" + HASH + "\",\"status\":\"ACTIVE\",\"version\":1,"
                + "\"createdAt\":1700000000}"));
    }

    private KeyUpdate read(String json) {
        return reader.read("t", ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    private KeyUpdate fast(String json) {
        return fast(json.getBytes(StandardCharsets.UTF_8));
    }

    private KeyUpdate fast(byte[] value) {
        return new KeyRecordReader().scan(value, 0, value.length);
    }
}

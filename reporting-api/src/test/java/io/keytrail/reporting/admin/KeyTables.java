package io.keytrail.reporting.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.events.EventSerdes;
import io.keytrail.events.KeyLifecycleEvent;
import io.keytrail.events.KeyRecord;
import io.keytrail.reporting.db.ApiKeyDao;
import io.keytrail.reporting.db.ApiKeyRow;
import io.keytrail.reporting.db.OutboxDao;
import io.keytrail.reporting.db.OutboxRow;
import io.keytrail.reporting.support.TestApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * What the key tests read back from the database: whole-table snapshots of {@code api_keys} and
 * {@code outbox} (to show that a refused request changed nothing), and the outbox decoded as the
 * keys and key-events topics would receive it.
 */
final class KeyTables {
    private KeyTables() {
    }

    /** Every column of every row of {@code api_keys} and {@code outbox}, in a stable order. */
    record Snapshot(List<Map<String, Object>> keys, List<Map<String, Object>> outbox) {
    }

    static Snapshot snapshot(Jdbi jdbi) {
        return jdbi.withHandle(h -> new Snapshot(
                h.createQuery("SELECT * FROM api_keys ORDER BY key_id").mapToMap().list(),
                h.createQuery("SELECT * FROM outbox ORDER BY id").mapToMap().list()));
    }

    /**
     * Sends {@code request}, asserts that it is refused with {@code status}/{@code code} in the common
     * error shape, that the message contains each of {@code expected}, and that neither {@code api_keys}
     * nor the outbox changed. Answers the message.
     */
    static String assertRefused(TestApi api, Supplier<HttpResponse<String>> request, int status, String code,
                                String... expected) {
        Snapshot before = snapshot(api.jdbi());
        HttpResponse<String> response = request.get();
        String message = TestApi.assertError(response, status, code);
        for (String part : expected) {
            assertTrue(message.contains(part), () -> "message '" + message + "' does not contain '" + part + "'");
        }
        Snapshot after = snapshot(api.jdbi());
        assertEquals(before.keys(), after.keys(), "a refused request changed api_keys: " + response.body());
        assertEquals(before.outbox(), after.outbox(), "a refused request wrote to the outbox: " + response.body());
        return message;
    }

    static ApiKeyRow row(Jdbi jdbi, String keyId) {
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.find(keyId))
                .orElseThrow(() -> new AssertionError("no row for " + keyId));
    }

    static Optional<String> sealedKey(Jdbi jdbi, String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sealed_key FROM api_keys WHERE key_id = :id")
                .bind("id", keyId).mapTo(String.class).findOne());
    }

    static int keyCount(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
    }

    static List<OutboxRow> outbox(Jdbi jdbi) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.unpublished(10_000));
    }

    /** The outbox rows for the keys topic about {@code keyId}, oldest first; tombstones included. */
    static List<OutboxRow> recordRows(TestApi api, String keyId) {
        return outbox(api.jdbi()).stream()
                .filter(r -> r.topic().equals(api.topics().keys()) && r.recordKey().equals(keyId)).toList();
    }

    /** The key records (not tombstones) queued for {@code keyId}, oldest first. */
    static List<KeyRecord> records(TestApi api, String keyId) {
        return recordRows(api, keyId).stream().filter(r -> r.payload() != null).map(KeyTables::record).toList();
    }

    static KeyRecord lastRecord(TestApi api, String keyId) {
        List<KeyRecord> records = records(api, keyId);
        assertTrue(!records.isEmpty(), "no key record for " + keyId);
        return records.get(records.size() - 1);
    }

    static KeyRecord record(OutboxRow row) {
        return EventSerdes.keyRecord().deserialize(row.topic(), row.payload().getBytes(StandardCharsets.UTF_8));
    }

    /** The lifecycle events queued for {@code keyId}, oldest first. */
    static List<KeyLifecycleEvent> events(TestApi api, String keyId) {
        return outbox(api.jdbi()).stream()
                .filter(r -> r.topic().equals(api.topics().keyEvents()) && r.recordKey().equals(keyId))
                .map(KeyTables::event).toList();
    }

    static KeyLifecycleEvent event(OutboxRow row) {
        return EventSerdes.keyLifecycleEvent().deserialize(row.topic(), row.payload().getBytes(StandardCharsets.UTF_8));
    }

    static List<KeyLifecycleEvent.Type> eventTypes(TestApi api, String keyId) {
        return events(api, keyId).stream().map(KeyLifecycleEvent::type).toList();
    }

    /** Asserts that {@code actual} lies within [{@code from}, {@code to}] widened by {@code slack}. */
    static void assertBetween(Instant from, Instant actual, Instant to, Duration slack) {
        assertTrue(!actual.isBefore(from.minus(slack)) && !actual.isAfter(to.plus(slack)),
                () -> actual + " is not within [" + from + ", " + to + "] ± " + slack);
    }

    /** A clock that stays where a test puts it. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        void advance(Duration duration) {
            this.now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock stays in UTC");
        }
    }
}
